package org.fl4j.privacy.accounting;

/**
 * One step of the Poisson-subsampled Gaussian mechanism, the step of DP-SGD and of DP-FedAvg: every record
 * (or collaborator) joins the step independently with probability {@code samplingRate}, their contributions
 * are clipped to L2 norm C and summed, and Gaussian noise of standard deviation {@code noiseMultiplier * C}
 * is added to the sum. Neighbouring datasets differ by adding or removing one record (or collaborator).
 *
 * @param samplingRate the probability q with which each record takes part in the step, in (0, 1]; 1 is the
 *     Gaussian mechanism without sampling
 * @param noiseMultiplier z, the noise's standard deviation over the clip norm, > 0
 */
public record PoissonGaussian(double samplingRate, double noiseMultiplier) {

    public PoissonGaussian {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], found " + samplingRate);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be a positive number, found " + noiseMultiplier);
        }
    }
}
