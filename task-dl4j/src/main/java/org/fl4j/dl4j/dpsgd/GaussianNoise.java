package org.fl4j.dl4j.dpsgd;

/**
 * Adds independent Gaussian noise of mean 0 to every value of an array: the noise of DP-SGD's step. The
 * production implementation is the privacy module's secure sampler; anything else is for tests.
 */
@FunctionalInterface
public interface GaussianNoise {

    /** Adds noise of standard deviation {@code standardDeviation} (>= 0) to each of {@code values}. */
    void addTo(float[] values, double standardDeviation);
}
