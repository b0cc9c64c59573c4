package org.fl4j.aggregation.kernel;

/** The reference implementation: plain loops, the semantics the vector kernels must reproduce. */
public final class ScalarKernels implements FoldKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    /** The scalar reference, whatever the JVM offers (tests and benchmarks compare against it). */
    public static FoldKernels instance() {
        return INSTANCE;
    }

    @Override
    public void addScaled(double[] acc, float[] x, double w, int from, int to) {
        for (int i = from; i < to; i++) {
            acc[i] = Math.fma(w, x[i], acc[i]);
        }
    }

    @Override
    public void divideInto(double[] acc, double divisor, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) (acc[i] / divisor);
        }
    }

    @Override
    public int firstNonFinite(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public double squaredDistance(float[] a, float[] b, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double d = (double) a[i] - b[i];
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public void shrinkTowards(float[] x, float[] base, double scale, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = (float) Math.fma(scale, (double) x[i] - base[i], base[i]);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
