package org.fl4j.aggregator.privacy;

import org.fl4j.privacy.noise.SecureGaussian;

/**
 * The numbers of one DP-FedAvg round.
 *
 * @param clipNorm      C: the clip norm of this round (fixed, or where adaptive clipping has moved it)
 * @param effectiveClip C': what updates are really clipped to, C lowered by the rounding margins
 * @param denominator   m: the expected number of participants, the fixed divisor of the sum
 * @param averageStddev the noise's standard deviation on the average, z_delta C / m
 * @param countStddev   the noise on the unclipped count under adaptive clipping, 0 without
 */
record RoundPlan(double clipNorm, double effectiveClip, double denominator, double averageStddev,
        double countStddev) {

    /** Told once a round's noisy average has been computed, before it leaves the aggregator. */
    @FunctionalInterface
    interface Release {
        /**
         * @param participants   how many updates the sum held
         * @param noisyUnclipped the noised fraction of updates that were not clipped (NaN without adaptive clipping)
         */
        void released(int participants, double noisyUnclipped);
    }

    /**
     * The plan of a round with clip norm {@code clip}, noise multiplier {@code zDelta} on the sum, {@code m}
     * expected participants out of {@code collaborators}, and {@code parameters} values in the model.
     *
     * @throws IllegalArgumentException when the margins would leave nothing of the clip norm
     */
    static RoundPlan of(double clip, double zDelta, int m, int collaborators, long parameters,
            double countStddev) {
        double stddev = zDelta * clip / m;
        return new RoundPlan(clip, effectiveClip(clip, stddev, m, collaborators, parameters), m, stddev,
                countStddev);
    }

    /**
     * C' = (C - m sqrt(d) g) / (1 + N 2^-22): g the grid of the noise on the average (snapping moves the
     * average by at most sqrt(d) g, m sqrt(d) g in units of the sum), and 2^-22 N covers the float rounding of
     * the average (2^-23 N C' between two neighbours) and the double accumulation of at most N terms.
     */
    static double effectiveClip(double clip, double averageStddev, int m, int collaborators, long parameters) {
        double snapping = m * Math.sqrt((double) parameters) * SecureGaussian.granularity(averageStddev);
        double c = (clip - snapping) / (1 + collaborators * 0x1p-22);
        if (!(c > 0)) {
            throw new IllegalArgumentException("privacy.settings.clip_norm " + clip + " is too small for a model of "
                    + parameters + " parameters: nothing is left after the noise's rounding margin");
        }
        return c;
    }
}
