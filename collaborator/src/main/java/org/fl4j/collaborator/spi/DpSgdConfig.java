package org.fl4j.collaborator.spi;

/**
 * Record-level differential privacy as a runner applies it (DP-SGD): each sampled example's gradient is
 * clipped to L2 norm {@code clipNorm} and Gaussian noise of standard deviation
 * {@code noiseMultiplier * clipNorm} is added to each step's sum.
 *
 * @param noiseMultiplier sigma, >= 0 (0 only in tests: without noise nothing is private)
 * @param clipNorm C, > 0
 */
public record DpSgdConfig(double noiseMultiplier, double clipNorm) {

    public DpSgdConfig {
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be >= 0, found " + noiseMultiplier);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0, found " + clipNorm);
        }
    }
}
