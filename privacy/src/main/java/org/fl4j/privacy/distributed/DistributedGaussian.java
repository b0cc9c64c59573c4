package org.fl4j.privacy.distributed;

/**
 * The numbers of one round of the distributed discrete Gaussian mechanism, computed alike by the aggregator and
 * by every participant from the plan's noise multiplier z and clip norm C and the round's participants n,
 * minimum number of noise shares t (the fewest survivors secure aggregation can unmask) and dimension d.
 *
 * <p><b>Encoding.</b> A participant clips its update to L2 norm C, multiplies it by {@code scale} / C and rounds
 * each coordinate randomly and unbiasedly to an integer. Each coordinate moves by less than 1, so the integer
 * vector's L2 norm is below S + sqrt(d) = {@link #sensitivity()} (S the scale): the L2 sensitivity of the
 * integer sum to one participant's update, whatever the rounding drew.
 *
 * <p><b>Noise.</b> Each participant adds N_Z(0, s^2) to every coordinate with s = z Delta / sqrt(t)
 * ({@link #shareStddev()}). The sum of any t' >= t shares then has variance at least (z Delta)^2; more shares
 * than t are independent extra noise, a post-processing that cannot weaken the guarantee.
 *
 * <p><b>Accounting.</b> By Kairouz, Liu and Steinke 2021 (Proposition 14, the first of its three bounds), the
 * sum of t independent d-dimensional N_Z(0, s^2) (s >= 1/2) added to an integer vector of L2 sensitivity Delta
 * has Rényi divergence at order a >= 1 at most a Delta^2 / (2 t s^2) + tau d, with
 * tau = 10 sum_{k=1}^{t-1} exp(-2 pi^2 s^2 k / (k + 1)). With s as above the first term is at most a / (2 z^2),
 * the continuous Gaussian mechanism's; the second, {@link #tailTerm()}, is required to be at most 1e-12 / z^2,
 * and is covered by accounting the round as a Gaussian mechanism of multiplier z (1 - 1e-12)
 * ({@link #accountedNoiseMultiplier()}): a / (2 z^2 (1 - 1e-12)^2) >= a / (2 z^2) + a 1e-12 / z^2 for a >= 1.
 * This is an RDP bound, so the round must be accounted with the RDP accountant.
 *
 * <p><b>Overflow.</b> The sum must stay within a signed 32-bit integer: the n clipped vectors contribute at most
 * n Delta to a coordinate and the noise of n shares has standard deviation at most z Delta sqrt(n / t); S is the
 * largest 2^(b-1) - 1 (b <= 24) with Delta (n + 16 z sqrt(n / t)) <= 2^31 - 1, so a coordinate wraps with
 * probability below 2 exp(-128).
 *
 * @param bits   b: the scale S is 2^(b-1) - 1
 * @param scale  S: a clipped update of norm C becomes an integer vector of norm about S
 * @param sensitivity Delta = S + sqrt(d), the integer sum's L2 sensitivity to one participant
 * @param shareStddev s: the parameter of each participant's discrete Gaussian noise
 * @param tailTerm tau d, the additive term of the paper's bound
 */
public record DistributedGaussian(double noiseMultiplier, double clipNorm, int participants, int minShares,
        long dimension, int bits, long scale, double sensitivity, double shareStddev, double tailTerm) {

    /** Standard deviations of the summed noise the 32-bit sum keeps room for. */
    static final double TAIL_STDDEVS = 16;
    /** The relative margin on the noise multiplier that covers the paper's additive term. */
    static final double ACCOUNTING_MARGIN = 1e-12;
    static final int MAX_BITS = 24;
    static final int MIN_BITS = 2;
    private static final double SUM_LIMIT = Integer.MAX_VALUE;

    /**
     * The round's numbers.
     *
     * @throws IllegalArgumentException naming the setting at fault: a noise multiplier, clip norm or count out of
     *     range, a round too large for the 32-bit sum, rounding that would more than double the sensitivity, or
     *     noise too small for the paper's bound to stay within the accounting margin
     */
    public static DistributedGaussian of(double z, double clipNorm, int participants, int minShares,
            long dimension) {
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("noise multiplier must be > 0 and finite, found " + z);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0 and finite, found " + clipNorm);
        }
        if (minShares < 1 || participants < minShares) {
            throw new IllegalArgumentException("the minimum number of noise shares must be in [1, " + participants
                    + "], found " + minShares);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, found " + dimension);
        }
        double rootD = Math.sqrt((double) dimension);
        double room = SUM_LIMIT / (participants + TAIL_STDDEVS * z * Math.sqrt((double) participants / minShares));
        int bits = MAX_BITS;
        while (bits >= MIN_BITS && qmax(bits) + rootD > room) {
            bits--;
        }
        if (bits < MIN_BITS) {
            throw new IllegalArgumentException(participants + " participants with noise multiplier " + z + " leave"
                    + " no room in the 32-bit sum for a model of " + dimension + " values");
        }
        long scale = qmax(bits);
        if (rootD > scale) {
            throw new IllegalArgumentException("a model of " + dimension + " values cannot be scaled to more than "
                    + scale + " for " + participants + " participants with noise multiplier " + z + ": the rounding"
                    + " (up to sqrt(d) = " + Math.round(rootD) + ") would more than double the sensitivity");
        }
        double sensitivity = Math.nextUp(scale + rootD);
        double share = Math.nextUp(z * sensitivity / Math.sqrt(minShares));
        if (share < 0.5) {
            throw new IllegalArgumentException("each share's noise " + share + " is below 1/2");
        }
        double tau = 0;
        for (int k = 1; k < minShares; k++) {
            tau += Math.exp(-2 * Math.PI * Math.PI * share * share * k / (k + 1));
        }
        double tail = 10 * tau * dimension;
        if (tail > ACCOUNTING_MARGIN / (z * z)) {
            throw new IllegalArgumentException("noise multiplier " + z + " is too small for the distributed discrete"
                    + " Gaussian's bound: each share's noise " + share + " leaves an additive Rényi term of " + tail);
        }
        return new DistributedGaussian(z, clipNorm, participants, minShares, dimension, bits, scale, sensitivity,
                share, tail);
    }

    private static long qmax(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /** The noise multiplier to compose in the RDP accountant for this round: z (1 - 1e-12). */
    public double accountedNoiseMultiplier() {
        return accountedNoiseMultiplier(noiseMultiplier);
    }

    /** z (1 - 1e-12): what the accountant counts for a round of plan noise multiplier z. */
    public static double accountedNoiseMultiplier(double z) {
        return z * (1 - ACCOUNTING_MARGIN);
    }

    /** The integer norm bound squared, floor(Delta^2): the largest squared norm an encoded update may have. */
    public long maxSquaredNorm() {
        return (long) Math.floor(sensitivity * sensitivity);
    }

    /** The standard deviation of the summed noise on one coordinate, in update units, for {@code shares} shares. */
    public double sumStddev(int shares) {
        return shareStddev * Math.sqrt(shares) * clipNorm / scale;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "distributed discrete Gaussian: %d participants, noise shares"
                + " calibrated for %d survivors, scale %d (%d bits), integer sensitivity %.1f, each share's noise"
                + " %.1f (z %.4g on the sum)", participants, minShares, scale, bits, sensitivity, shareStddev,
                noiseMultiplier);
    }
}
