package org.fl4j.aggregation.kernel;


/**
 * Gets the aggregation kernels compiled before the first round needs them. Until the JIT's optimizing
 * compiler has compiled a {@code jdk.incubator.vector} loop, every vector operation runs as an allocated Java
 * object, tens of times slower than the scalar loop: without a warm-up a large model's first round pays that
 * on its first tens of millions of values (checks, FedAvg's fold, the division). Running each kernel some
 * thousands of times on small arrays, while the aggregator waits for its collaborators, costs a fraction of a
 * second of one core.
 */
public final class KernelWarmUp {

    /** Values per call: several vector lengths plus a scalar tail. */
    static final int ELEMENTS = 67;
    /** Calls per kernel: above the JIT's thresholds for optimized compilation. */
    static final int CALLS = 20_000;

    private KernelWarmUp() {
    }

    private static Thread started;

    /**
     * Warms the kernels on a daemon thread of its own at low priority, the first time this is called in the JVM
     * (compiled code serves every later aggregator in it).
     *
     * @return the warm-up thread, started by this call or an earlier one
     */
    public static synchronized Thread startOnce() {
        if (started == null) {
            started = new Thread(() -> run(Kernels.single()), "fl4j-kernel-warm-up");
            started.setDaemon(true);
            started.setPriority(Thread.MIN_PRIORITY);
            started.start();
        }
        return started;
    }

    /**
     * Runs every kernel of {@code kernels} {@link #CALLS} times on small arrays.
     *
     * @return a value computed from the results, so that no call can be optimized away
     */
    static double run(FoldKernels kernels) {
        float[] x = new float[ELEMENTS];
        float[] y = new float[ELEMENTS];
        float[] out = new float[ELEMENTS];
        float[] ranked = new float[ELEMENTS];
        double[] acc = new double[ELEMENTS];
        for (int i = 0; i < ELEMENTS; i++) {
            x[i] = i * 0.25f;
            y[i] = ELEMENTS - i;
        }
        float[][] columns = {x, y, out};
        double sink = 0;
        for (int call = 0; call < CALLS; call++) {
            kernels.scaleInto(acc, y, 3.0, 0, ELEMENTS);
            kernels.addScaled(acc, x, 1.0 + (call & 7), 0, ELEMENTS);
            kernels.divideInto(acc, 2.0 + call, out, 0, ELEMENTS);
            sink += kernels.firstNonFinite(out, 0, ELEMENTS);
            sink += kernels.squaredDistance(x, y, 0, ELEMENTS);
            kernels.shrinkTowards(out, x, 0.5, 0, ELEMENTS);
            kernels.rankMean(columns, 1, 2, ranked, 0, ELEMENTS);
        }
        return sink + out[ELEMENTS - 1] + ranked[ELEMENTS - 1];
    }
}
