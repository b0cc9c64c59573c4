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
    public void scaleInto(double[] acc, float[] x, double w, int from, int to) {
        for (int i = from; i < to; i++) {
            acc[i] = Math.fma(w, x[i], 0.0);
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
    public void rankMean(float[][] columns, int lo, int hi, float[] out, int from, int to) {
        float[] v = new float[columns.length];
        for (int i = from; i < to; i++) {
            for (int k = 0; k < v.length; k++) {
                v[k] = columns[k][i];
            }
            java.util.Arrays.sort(v);
            out[i] = mean(v, lo, hi);
        }
    }

    /** Mean of {@code v[lo, hi)} summed in double from lo up, as both implementations define it. */
    static float mean(float[] v, int lo, int hi) {
        double sum = 0;
        for (int r = lo; r < hi; r++) {
            sum += v[r];
        }
        return (float) (sum / (hi - lo));
    }

    @Override
    public String name() {
        return "scalar";
    }
}
