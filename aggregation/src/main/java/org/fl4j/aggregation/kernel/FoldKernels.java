package org.fl4j.aggregation.kernel;

/**
 * The element-wise loops of aggregation, over ranges {@code [from, to)} of arrays. Two implementations
 * exist: a scalar reference and a {@code jdk.incubator.vector} one; {@link Kernels#get()} picks the best
 * available. The element-wise kernels give bit-identical results in both; reductions may differ in rounding.
 */
public interface FoldKernels {

    /** {@code acc[i] = fma(w, x[i], acc[i])} for i in [from, to). */
    void addScaled(double[] acc, float[] x, double w, int from, int to);

    /** {@code out[i] = (float) (acc[i] / divisor)} for i in [from, to). */
    void divideInto(double[] acc, double divisor, float[] out, int from, int to);

    /** Index of the first NaN or infinite value in [from, to), or -1. */
    int firstNonFinite(float[] x, int from, int to);

    /** Sum over [from, to) of {@code (a[i] - b[i])^2}, accumulated in double. */
    double squaredDistance(float[] a, float[] b, int from, int to);

    /** {@code x[i] = base[i] + scale * (x[i] - base[i])} in double, rounded to float, for i in [from, to). */
    void shrinkTowards(float[] x, float[] base, double scale, int from, int to);

    /** Short name for logs and benchmarks: {@code scalar} or {@code vector}. */
    String name();
}
