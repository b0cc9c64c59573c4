package org.fl4j.secagg.quantize;

/**
 * How a round turns float updates into integers mod 2^32 and back. A coordinate x is clipped to [-c, c]
 * ({@code clipRange}), scaled to z = x q_max / c with q_max = 2^(bits-1) - 1, and rounded stochastically to
 * floor(z) or floor(z) + 1 with the probabilities that make the result's expectation z (unbiased). A site's
 * vector is then [w q_1 ... w q_d, w] with w = min(sample count, {@code weightCap}), and the server divides the
 * summed coordinates by the summed weights: the weighted average of the clipped updates, with weights capped.
 *
 * <p><b>Error bound.</b> Each site's rounding error on a coordinate is below one quantum c / q_max, with mean 0
 * and variance at most quantum^2 / 4; the weighted average of those errors is therefore below one quantum in
 * every coordinate (deterministically), has mean 0, and has standard deviation at most
 * quantum sqrt(sum w^2) / (2 sum w) (quantum / (2 sqrt n) for equal weights). Clipping is not an error the
 * bound covers: a coordinate beyond c counts as c.
 *
 * <p><b>Overflow.</b> With n participants, |sum w q| <= n W q_max, which the plan's bits rule keeps at most
 * 2^31 - 1, so the signed 32-bit sum is exact.
 */
public record Quantisation(double clipRange, int bits, int weightCap) {

    public Quantisation {
        if (!(clipRange > 0) || Double.isInfinite(clipRange)) {
            throw new IllegalArgumentException("clip range must be > 0 and finite, found " + clipRange);
        }
        if (bits < 2 || bits > 24) {
            throw new IllegalArgumentException("bits must be in [2, 24], found " + bits);
        }
        if (weightCap < 1 || (long) weightCap * qmax(bits) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weight cap " + weightCap + " with " + bits + " bits overflows an int");
        }
    }

    private static long qmax(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /** The largest quantised magnitude, 2^(bits-1) - 1. */
    public int qmax() {
        return (int) qmax(bits);
    }

    /** One quantisation step in update units: c / q_max. */
    public double quantum() {
        return clipRange / qmax();
    }

    /** The weight of an update with {@code sampleCount} samples: min(sampleCount, weightCap); refuses < 1. */
    public int weight(long sampleCount) {
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sample count must be at least 1, found " + sampleCount);
        }
        return (int) Math.min(sampleCount, weightCap);
    }

    /** The bound on one coordinate's average error (clipping aside): one quantum. */
    public double errorBound() {
        return quantum();
    }
}
