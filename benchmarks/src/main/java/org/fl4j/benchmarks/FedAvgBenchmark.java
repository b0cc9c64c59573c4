package org.fl4j.benchmarks;

import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;
import org.fl4j.aggregation.kernel.ParallelKernels;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FedAvg's fold at memory speed: one operation is a whole round, {@code collaborators} updates of
 * {@code params} float32 values folded into the double accumulator ({@code acc += n_k * x_k}) and the result
 * divided out ({@code out = (float) (acc / sum n_k)}), exactly what {@code WeightedAverage} runs per commit and
 * at finish. The {@code bytes} counter reports bytes read + written per second: 8 a parameter to zero the
 * accumulator, per update 4 (read x) + 8 (read acc) + 8 (write acc), and 8 + 4 for the division.
 *
 * <p>{@code COPY} and {@code COPY_PARALLEL} copy every update array into the output array with
 * {@code System.arraycopy} (4 bytes read + 4 written a parameter), on the same arrays in the same run: the
 * machine's memory bandwidth to compare against. {@code *_PARALLEL} variants split each array across the
 * common fork-join pool like the production code ({@link ParallelKernels}); the others use one thread.
 *
 * <p>Memory: 32 updates of 100M parameters would be 12.8 GB, so the benchmark keeps a pool of distinct update
 * arrays of at most 512 MB (at least two) and feeds update k from array {@code k % pool}. Each array is much
 * larger than the CPU caches whenever the pool is smaller than K, so every update is streamed from DRAM as in
 * a real round; with 1M parameters all 32 arrays (128 MB) are distinct.
 *
 * <p>Run (about 15 minutes; keep forks and iterations low on a shared machine):
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar FedAvgBenchmark -f 1 -wi 2 -i 3 -rf json -rff fedavg.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class FedAvgBenchmark {

    /** What one operation runs. */
    public enum Impl { COPY, COPY_PARALLEL, SCALAR, VECTOR, SCALAR_PARALLEL, VECTOR_PARALLEL }

    @Param({"1000000", "25000000", "100000000"})
    public int params;

    @Param({"2", "8", "32"})
    public int collaborators;

    @Param({"COPY", "COPY_PARALLEL", "SCALAR", "VECTOR", "VECTOR_PARALLEL"})
    public Impl impl;

    private float[][] pool;
    private double[] acc;
    private float[] out;
    private FoldKernels kernels;
    private long bytesPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new float[Data.poolSize(collaborators, params, 512L << 20)][];
        for (int p = 0; p < pool.length; p++) {
            pool[p] = Data.floats(params, p);
        }
        out = new float[params];
        FoldKernels single = switch (impl) {
            case SCALAR, SCALAR_PARALLEL -> Kernels.scalar();
            default -> Kernels.vector().orElseThrow(() -> new IllegalStateException("run with " + Kernels.FLAG));
        };
        kernels = impl.name().endsWith("PARALLEL") ? new ParallelKernels(single, ParallelKernels.DEFAULT_THRESHOLD)
                : single;
        if (impl == Impl.COPY || impl == Impl.COPY_PARALLEL) {
            bytesPerOp = 8L * params * collaborators;
        } else {
            acc = new double[params];
            bytesPerOp = 8L * params + 20L * params * collaborators + 12L * params;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool = null;
        acc = null;
        out = null;
    }

    @Benchmark
    public float[] round(ByteCounter counter) {
        switch (impl) {
            case COPY -> {
                for (int k = 0; k < collaborators; k++) {
                    System.arraycopy(pool[k % pool.length], 0, out, 0, params);
                }
            }
            case COPY_PARALLEL -> {
                for (int k = 0; k < collaborators; k++) {
                    new ParallelCopy(pool[k % pool.length], out, 0, params).invoke();
                }
            }
            default -> {
                java.util.Arrays.fill(acc, 0);
                long total = 0;
                for (int k = 0; k < collaborators; k++) {
                    long samples = 1000 + k;
                    kernels.addScaled(acc, pool[k % pool.length], samples, 0, params);
                    total += samples;
                }
                kernels.divideInto(acc, total, out, 0, params);
            }
        }
        counter.bytes += bytesPerOp;
        return out;
    }

    /** System.arraycopy split like {@link ParallelKernels} splits the fold. */
    static final class ParallelCopy extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final float[] src;
        private final float[] dst;
        private final int from;
        private final int to;

        ParallelCopy(float[] src, float[] dst, int from, int to) {
            this.src = src;
            this.dst = dst;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= ParallelKernels.DEFAULT_THRESHOLD) {
                System.arraycopy(src, from, dst, from, to - from);
                return;
            }
            int mid = (from + ((to - from) >>> 1)) & ~63;
            invokeAll(new ParallelCopy(src, dst, from, mid), new ParallelCopy(src, dst, mid, to));
        }
    }
}
