package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Both accountants over sampling rates {0.001, 0.01, 0.1, 1}, noise multipliers {0.6, 1, 2, 5} and
 * {1, 100, 10,000} steps at delta 1e-5: the properties every accountant must have (more steps, a higher
 * sampling rate or less noise never lower epsilon; PLD never above RDP), and RDP against
 * {@code rdp-grid.csv}, written by an independent Python implementation of dp-accounting's RDP method
 * (orders, series and conversion as published; the numbers were not produced by this code).
 */
class AccountantGridTest {

    private static final double[] RATES = {0.001, 0.01, 0.1, 1};
    private static final double[] SIGMAS = {0.6, 1, 2, 5};
    private static final long[] STEPS = {1, 100, 10_000};
    private static final double DELTA = 1e-5;
    private static final Map<String, double[]> EPSILONS = new HashMap<>();

    @BeforeAll
    static void computeGrid() {
        for (double q : RATES) {
            for (double sigma : SIGMAS) {
                for (long steps : STEPS) {
                    PoissonGaussian step = new PoissonGaussian(q, sigma);
                    EPSILONS.put(key(q, sigma, steps), new double[] {
                        PrivacyAccountant.create(AccountantKind.PLD).compose(step, steps).epsilon(DELTA),
                        PrivacyAccountant.create(AccountantKind.RDP).compose(step, steps).epsilon(DELTA)});
                }
            }
        }
    }

    private static String key(double q, double sigma, long steps) {
        return q + "/" + sigma + "/" + steps;
    }

    @Test
    void pld_isNeverAboveRdp() {
        EPSILONS.forEach((k, e) -> assertThat(e[0]).as(k).isPositive().isLessThanOrEqualTo(e[1]));
    }

    @Test
    void epsilon_growsWithSteps() {
        for (int kind = 0; kind < 2; kind++) {
            for (double q : RATES) {
                for (double sigma : SIGMAS) {
                    for (int i = 1; i < STEPS.length; i++) {
                        assertThat(EPSILONS.get(key(q, sigma, STEPS[i]))[kind]).as(key(q, sigma, STEPS[i]))
                                .isGreaterThan(EPSILONS.get(key(q, sigma, STEPS[i - 1]))[kind]);
                    }
                }
            }
        }
    }

    @Test
    void epsilon_growsWithSamplingRate() {
        for (int kind = 0; kind < 2; kind++) {
            for (double sigma : SIGMAS) {
                for (long steps : STEPS) {
                    for (int i = 1; i < RATES.length; i++) {
                        assertThat(EPSILONS.get(key(RATES[i], sigma, steps))[kind]).as(key(RATES[i], sigma, steps))
                                .isGreaterThan(EPSILONS.get(key(RATES[i - 1], sigma, steps))[kind]);
                    }
                }
            }
        }
    }

    @Test
    void epsilon_fallsWithNoise() {
        for (int kind = 0; kind < 2; kind++) {
            for (double q : RATES) {
                for (long steps : STEPS) {
                    for (int i = 1; i < SIGMAS.length; i++) {
                        assertThat(EPSILONS.get(key(q, SIGMAS[i], steps))[kind]).as(key(q, SIGMAS[i], steps))
                                .isLessThan(EPSILONS.get(key(q, SIGMAS[i - 1], steps))[kind]);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "q={0} sigma={1} steps={2}")
    @CsvFileSource(resources = "/rdp-grid.csv", numLinesToSkip = 1)
    void rdp_matchesIndependentImplementation(double q, double sigma, long steps, double expected) {
        assertThat(EPSILONS.get(key(q, sigma, steps))[1]).isCloseTo(expected, withinPercentage(1e-6));
    }
}
