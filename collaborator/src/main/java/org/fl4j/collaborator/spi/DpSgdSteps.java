package org.fl4j.collaborator.spi;

/**
 * What one DP-SGD training task does, as the privacy accountant needs it: {@code steps} steps, each taking
 * every training record independently with probability {@code samplingRate} (Poisson sampling).
 *
 * @param samplingRate q, in (0, 1]
 * @param steps the number of noisy steps, >= 1
 */
public record DpSgdSteps(double samplingRate, long steps) {

    public DpSgdSteps {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], found " + samplingRate);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, found " + steps);
        }
    }
}
