package org.fl4j.aggregation.kernel;

/**
 * The element-wise loops of aggregation, over ranges {@code [from, to)} of arrays. Two implementations
 * exist: a scalar reference and a {@code jdk.incubator.vector} one; {@link Kernels#get()} picks the best
 * available. The element-wise kernels give bit-identical results in both; reductions may differ in rounding.
 */
public interface FoldKernels {

    /** {@code acc[i] = fma(w, x[i], acc[i])} for i in [from, to). */
    void addScaled(double[] acc, float[] x, double w, int from, int to);

    /**
     * {@code acc[i] = fma(w, x[i], +0.0)} for i in [from, to): {@link #addScaled} into a zeroed accumulator,
     * bit for bit, without reading (or first zeroing) {@code acc}.
     */
    void scaleInto(double[] acc, float[] x, double w, int from, int to);

    /** {@code out[i] = (float) (acc[i] / divisor)} for i in [from, to). */
    void divideInto(double[] acc, double divisor, float[] out, int from, int to);

    /** Index of the first NaN or infinite value in [from, to), or -1. */
    int firstNonFinite(float[] x, int from, int to);

    /** Sum over [from, to) of {@code (a[i] - b[i])^2}, accumulated in double. */
    double squaredDistance(float[] a, float[] b, int from, int to);

    /** {@code x[i] = base[i] + scale * (x[i] - base[i])} in double, rounded to float, for i in [from, to). */
    void shrinkTowards(float[] x, float[] base, double scale, int from, int to);

    /**
     * For each coordinate i in [from, to): sorts the K values {@code columns[0..K)[i]} ascending and stores
     * in {@code out[i]} the mean of the sorted values at ranks [lo, hi), summed in double from rank lo up and
     * rounded once: the median ({@code hi = lo + 1}, or the two middle ranks) and the trimmed mean.
     */
    void rankMean(float[][] columns, int lo, int hi, float[] out, int from, int to);

    /** Short name for logs and benchmarks: {@code scalar} or {@code vector}. */
    String name();
}
