package org.fl4j.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.codec.Pipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode throughput of each codec pipeline (org.fl4j.protocol.codec) on one thread, over one wire
 * chunk of the default size (1 MiB of encoded bytes at most, {@link Pipeline#chunkValues}), in float32 values a
 * second (times 4: bytes of float32 a second). The values are a trained layer's kind: Gaussian, scale 0.05.
 * {@code copy} copies the same values once (System.arraycopy), the bandwidth the stages are measured against.
 *
 * <p>Run (about 5 minutes):
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar CodecBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g"})
public class CodecBenchmark {

    /** Values of a chunk: what fp32 fits in 1 MiB; each pipeline encodes this many at a time. */
    static final int VALUES = 1 << 18;

    @Param({"fp32", "fp16", "bf16", "int8_blockwise", "nf4", "topk", "fp32+lz4", "int8_blockwise+lz4"})
    public String pipeline;

    private final float[] values = new float[VALUES];
    private final float[] out = new float[VALUES];
    private Pipeline.Encoder encoder;
    private Pipeline.Decoder decoder;
    private ByteBuffer encoded;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        for (int i = 0; i < VALUES; i++) {
            values[i] = (float) (0.05 * r.nextGaussian());
        }
        List<Pipeline.StageSpec> specs = new ArrayList<>();
        for (String s : pipeline.split("\\+")) {
            specs.add(new Pipeline.StageSpec(s, Map.of()));
        }
        Pipeline p = Pipeline.of(specs);
        encoder = p.encoder(VALUES);
        decoder = p.decoder(VALUES);
        ByteBuffer e = encoder.encode(values, 0, VALUES);
        encoded = ByteBuffer.allocate(e.remaining());
        encoded.put(e).flip();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public ByteBuffer encode() {
        return encoder.encode(values, 0, VALUES);
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public float[] decode() {
        decoder.decode(encoded.duplicate(), VALUES, out, 0);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public float[] copy() {
        System.arraycopy(values, 0, out, 0, VALUES);
        return out;
    }
}
