package org.fl4j.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact sampler's output against the exact probabilities of N_Z(0, sigma^2): mean, variance and a
 * chi-square goodness of fit (at p = 1e-4), with a seeded source so the test is repeatable; and the same
 * test refusing a sampler of the wrong sigma, to show it can fail.
 */
class DiscreteGaussianSamplerTest {

    private static final int N = 200_000;

    /** P(z) for |z| <= 60 sigma, normalised. */
    private static double[] pmf(double sigma, int radius) {
        double[] p = new double[2 * radius + 1];
        double total = 0;
        for (int z = -radius; z <= radius; z++) {
            p[z + radius] = Math.exp(-(double) z * z / (2 * sigma * sigma));
            total += p[z + radius];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static long[] samples(double sigma, long seed, int[] values) {
        new DiscreteGaussianSampler(new Random(seed)).addNoise(values, 0, values.length, sigma);
        return java.util.Arrays.stream(values).asLongStream().toArray();
    }

    /** Chi-square of the samples against N_Z(0, pmfSigma^2), one bin per value within 4 sigma, two tail bins. */
    private static double[] fit(long[] samples, double pmfSigma) {
        int radius = (int) Math.ceil(60 * pmfSigma);
        double[] p = pmf(pmfSigma, radius);
        int inner = (int) Math.floor(4 * pmfSigma);
        long[] observed = new long[2 * inner + 3];
        double[] expected = new double[observed.length];
        for (long z : samples) {
            int bin = z < -inner ? 0 : z > inner ? observed.length - 1 : (int) z + inner + 1;
            observed[bin]++;
        }
        for (int z = -radius; z <= radius; z++) {
            int bin = z < -inner ? 0 : z > inner ? expected.length - 1 : z + inner + 1;
            expected[bin] += p[z + radius];
        }
        return new double[] {ChiSquare.statistic(observed, expected), ChiSquare.critical(observed.length - 1)};
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.7, 1.5, 4.2})
    void samples_fitExactDistribution(double sigma) {
        long[] s = samples(sigma, 42, new int[N]);

        double[] chi = fit(s, sigma);

        assertThat(chi[0]).as("chi-square").isLessThan(chi[1]);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.7, 1.5, 4.2})
    void samples_haveExactMeanAndVariance(double sigma) {
        long[] s = samples(sigma, 7, new int[N]);
        int radius = (int) Math.ceil(60 * sigma);
        double[] p = pmf(sigma, radius);
        double variance = 0;
        for (int z = -radius; z <= radius; z++) {
            variance += p[z + radius] * z * z;
        }

        double mean = java.util.Arrays.stream(s).average().orElseThrow();
        double sampleVariance = java.util.Arrays.stream(s).mapToDouble(z -> z * (double) z).sum() / N - mean * mean;

        assertThat(mean).isCloseTo(0, within(4 * Math.sqrt(variance / N)));
        // The variance of z^2 is at most 3 variance^2 (Gaussian kurtosis); allow 4 standard errors.
        assertThat(sampleVariance).isCloseTo(variance, within(4 * variance * Math.sqrt(2.0 / N)));
    }

    @Test
    void chiSquare_refusesSamplesOfADifferentSigma() {
        long[] s = samples(4.2, 42, new int[N]);

        double[] chi = fit(s, 4.2 * 1.03);

        assertThat(chi[0]).isGreaterThan(chi[1]);
    }

    @Test
    void addNoise_touchesOnlyTheRangeAndWrapsModulo2To32() {
        int[] values = {1, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 5};
        DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(new Random(3));

        sampler.addNoise(values, 1, 3, 1000);

        assertThat(values[0]).isEqualTo(1);
        assertThat(values[4]).isEqualTo(5);
        // Adding noise then its wrap-around difference recovers the noise: ring arithmetic, no saturation.
        DiscreteGaussianSampler again = new DiscreteGaussianSampler(new Random(3));
        long[] noise = {again.sample(1000), again.sample(1000), again.sample(1000)};
        assertThat(values[1]).isEqualTo(Integer.MAX_VALUE + (int) noise[0]);
        assertThat(values[3]).isEqualTo(Integer.MIN_VALUE + (int) noise[2]);
    }

    @Test
    void badSigma_isRefusedWithTheValue() {
        DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(new Random(1));

        assertThatThrownBy(() -> sampler.sample(0)).hasMessage("sigma must be a positive number below 2^40, found 0.0");
        assertThatThrownBy(() -> sampler.sample(-1)).hasMessageContaining("found -1.0");
        assertThatThrownBy(() -> sampler.sample(Double.NaN)).hasMessageContaining("found NaN");
        assertThatThrownBy(() -> sampler.addNoise(new int[3], 2, 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
