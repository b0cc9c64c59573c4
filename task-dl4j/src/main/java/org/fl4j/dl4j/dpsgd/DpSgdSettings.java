package org.fl4j.dl4j.dpsgd;

/**
 * DP-SGD's two privacy parameters.
 *
 * @param noiseMultiplier sigma: the noise's standard deviation over the clip norm, >= 0 (0 only in tests:
 *     without noise nothing is private)
 * @param clipNorm C: the largest L2 norm an example's gradient keeps, > 0
 */
public record DpSgdSettings(double noiseMultiplier, double clipNorm) {

    public DpSgdSettings {
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be >= 0, found " + noiseMultiplier);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0, found " + clipNorm);
        }
    }
}
