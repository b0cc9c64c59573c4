package org.fl4j.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.fl4j.secagg.mask.IntKernels;
import org.fl4j.secagg.mask.MaskKernels;
import org.fl4j.secagg.mask.MaskStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Secure aggregation's mask generation on one core: the AES-256-CTR keystream of one mask, read as int32 and
 * added into a chunk of {@link MaskStream#CHUNK_ELEMENTS} values, which is what a collaborator does for every
 * mask and every chunk of its upload (and the server, per slice, when it removes masks). One operation is one
 * chunk (16 KiB of keystream); the {@code bytes} counter reports keystream bytes per second. {@code KEYSTREAM}
 * generates the keystream without adding it.
 *
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar SecAggMaskBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class SecAggMaskBenchmark {

    /** What one operation runs. */
    public enum Impl { VECTOR, SCALAR, KEYSTREAM }

    @Param({"VECTOR", "SCALAR", "KEYSTREAM"})
    public Impl impl;

    private MaskStream stream;
    private IntKernels kernels;
    private final int[] chunk = new int[MaskStream.CHUNK_ELEMENTS];
    private final byte[] keystream = new byte[MaskStream.CHUNK_ELEMENTS * 4];

    /** Keystream bytes processed, per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        stream = new MaskStream(key);
        kernels = impl == Impl.SCALAR ? MaskKernels.scalar()
                : MaskKernels.vector().orElseThrow(() -> new IllegalStateException("run with " + MaskKernels.FLAG));
    }

    @Benchmark
    public int chunk(Bytes counter) {
        if (impl == Impl.KEYSTREAM) {
            stream.next(keystream, keystream.length);
            counter.bytes += keystream.length;
            return keystream[17];
        }
        stream.apply(chunk, 0, chunk.length, 1, kernels);
        counter.bytes += 4L * chunk.length;
        return chunk[17];
    }
}
