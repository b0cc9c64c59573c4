package org.fl4j.dl4j.dpsgd;

/**
 * Adds independent Gaussian noise of mean 0 to every value of an array: the noise of DP-SGD's step. The
 * production implementation is the privacy module's secure sampler; anything else is for tests.
 */
@FunctionalInterface
public interface GaussianNoise {

    /** Adds noise of standard deviation {@code standardDeviation} (>= 0) to each of {@code values}. */
    void addTo(float[] values, double standardDeviation);

    /**
     * How far the noise may move each value besides the noise itself: a sampler that snaps its input to a grid
     * before adding noise ({@link #secure()}) moves each value by up to half its grid spacing, which DP-SGD
     * makes room for in the clip norm. 0 for samplers that add the noise alone.
     */
    default double snapping(double standardDeviation) {
        return 0;
    }

    /**
     * The privacy module's secure sampler ({@link org.fl4j.privacy.noise.SecureGaussian}: a discrete Gaussian
     * on a grid 2^24 times finer than the noise, from AES-CTR keyed by SecureRandom); no noise at standard
     * deviation 0. One instance per thread.
     */
    static GaussianNoise secure() {
        org.fl4j.privacy.noise.SecureGaussian gaussian = new org.fl4j.privacy.noise.SecureGaussian();
        return new GaussianNoise() {
            @Override
            public void addTo(float[] values, double standardDeviation) {
                if (standardDeviation > 0) {
                    gaussian.addNoise(values, 0, values.length, standardDeviation);
                }
            }

            @Override
            public double snapping(double standardDeviation) {
                return standardDeviation > 0
                        ? org.fl4j.privacy.noise.SecureGaussian.granularity(standardDeviation) / 2 : 0;
            }
        };
    }
}
