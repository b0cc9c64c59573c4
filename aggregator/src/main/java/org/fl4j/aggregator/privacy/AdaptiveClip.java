package org.fl4j.aggregator.privacy;

/**
 * Quantile clipping (Andrew, Thakkar, McMahan, Ramaswamy, "Differentially Private Learning with Adaptive
 * Clipping", NeurIPS 2021): after each round the clip norm moves geometrically towards the
 * {@code quantile} of the update norms, {@code C = C exp(-rate (b - quantile))}, b the noised fraction of
 * updates that were not clipped. At the fixed point a {@code quantile} share of the norms lies below C. The
 * step only reads b, which is already private, so it costs nothing beyond the count's noise.
 *
 * @param quantile the target fraction of updates left unclipped, in [0, 1]
 * @param rate     the geometric learning rate, > 0
 */
record AdaptiveClip(double quantile, double rate) {

    AdaptiveClip {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("target_unclipped_quantile must be in [0, 1], found " + quantile);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("learning_rate must be > 0, found " + rate);
        }
    }

    /** The clip norm after a round at {@code clip} in which a noised {@code unclipped} fraction was not clipped. */
    double next(double clip, double unclipped) {
        return clip * Math.exp(-rate * (unclipped - quantile));
    }

    /**
     * The noise multiplier left for the sum of updates when the count takes its share: the two Gaussian
     * releases together are one Gaussian mechanism of multiplier z when {@code 1/z^2 = 1/zDelta^2 + 1/(2
     * countStddev)^2} (the count's sensitivity is 1/2: each collaborator adds b - 1/2).
     *
     * @throws IllegalArgumentException when the count's noise alone would already need all of z
     */
    static double sumNoise(double z, double countStddev) {
        double left = 1 / (z * z) - 1 / (4 * countStddev * countStddev);
        if (!(left > 0)) {
            throw new IllegalArgumentException("privacy.settings.adaptive_clipping.clipped_count_stddev "
                    + ClientPrivacy.fmt(countStddev) + " is too small for noise multiplier " + ClientPrivacy.fmt(z)
                    + ": the unclipped count alone would spend the whole budget; it must be above z/2 = "
                    + ClientPrivacy.fmt(z / 2) + " (Andrew et al. suggest expected participants / 20), or choose a"
                    + " larger noise_multiplier");
        }
        return 1 / Math.sqrt(left);
    }
}
