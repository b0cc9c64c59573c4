package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The smallest noise multiplier for a target epsilon, and the targets no noise can meet. */
class NoiseCalibrationTest {

    @ParameterizedTest(name = "{0} epsilon={1} q={2} steps={3}")
    @CsvSource({"RDP, 5.6320, 0.01, 10000", "PLD, 5.1926, 0.01, 10000", "PLD, 4.3772, 1, 1", "RDP, 4.7285, 1, 1"})
    void referenceEpsilon_givesBackItsNoiseMultiplier(AccountantKind kind, double epsilon, double q, long steps) {
        double expected = q == 1 ? 1 : 1.1;

        double sigma = NoiseCalibration.noiseMultiplier(kind, epsilon, 1e-5, q, steps);

        assertThat(sigma).isCloseTo(expected, withinPercentage(0.2));
    }

    @ParameterizedTest(name = "{0} epsilon={1} q={2} steps={3}")
    @CsvSource({"PLD, 3, 0.004, 1250", "RDP, 3, 0.004, 1250", "PLD, 1, 0.1, 20", "PLD, 8, 0.05, 400"})
    void result_meetsTargetAndSlightlyLessNoiseDoesNot(AccountantKind kind, double target, double q, long steps) {
        double sigma = NoiseCalibration.noiseMultiplier(kind, target, 1e-5, q, steps);

        double at = PrivacyAccountant.create(kind).compose(new PoissonGaussian(q, sigma), steps).epsilon(1e-5);
        double below = PrivacyAccountant.create(kind)
                .compose(new PoissonGaussian(q, sigma * (1 - 2 * NoiseCalibration.RELATIVE_TOLERANCE)), steps)
                .epsilon(1e-5);
        assertThat(at).isLessThanOrEqualTo(target);
        assertThat(below).isGreaterThan(target);
    }

    @org.junit.jupiter.api.Test
    void pld_needsLessNoiseThanRdp() {
        double pld = NoiseCalibration.noiseMultiplier(AccountantKind.PLD, 2, 1e-5, 0.01, 5000);
        double rdp = NoiseCalibration.noiseMultiplier(AccountantKind.RDP, 2, 1e-5, 0.01, 5000);

        assertThat(pld).isLessThan(rdp);
    }

    @org.junit.jupiter.api.Test
    void unreachableEpsilon_isRefusedNamingWhatIsReachable() {
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(AccountantKind.RDP, 1e-4, 1e-5, 1, 100_000))
                .isInstanceOf(UnreachableEpsilonException.class)
                .hasMessageStartingWith("no noise multiplier up to 10000 reaches epsilon 1.0E-4 at delta 1.0E-5 over"
                        + " 100000 steps at sampling rate 1.0 (the rdp accountant gives ")
                .hasMessageEndingWith("there): allow a larger epsilon, fewer steps or a lower sampling rate");
    }

    @org.junit.jupiter.api.Test
    void hugeEpsilon_needsOnlyTheLeastNoise() {
        assertThat(NoiseCalibration.noiseMultiplier(AccountantKind.RDP, 1e9, 1e-5, 0.01, 10))
                .isEqualTo(NoiseCalibration.MIN_NOISE);
    }

    @org.junit.jupiter.api.Test
    void badArguments_areRefusedWithTheValue() {
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(AccountantKind.PLD, 0, 1e-5, 0.1, 10))
                .hasMessage("target epsilon must be a positive number, found 0.0");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(AccountantKind.PLD, 1, 2, 0.1, 10))
                .hasMessage("delta must be in (0, 1), found 2.0");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(AccountantKind.PLD, 1, 1e-5, 0, 10))
                .hasMessage("sampling rate must be in (0, 1], found 0.0");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(AccountantKind.PLD, 1, 1e-5, 0.1, 0))
                .hasMessage("steps must be >= 1, found 0");
    }
}
