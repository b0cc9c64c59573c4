package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The values issue 23 gives from Google's dp-accounting (RdpAccountant and PLDAccountant with their
 * defaults, add-or-remove neighbouring): RDP within 0.5%, PLD within 1%, and PLD below RDP.
 */
class ReferenceValuesTest {

    private static final double DELTA = 1e-5;

    @ParameterizedTest(name = "q={0} sigma={1} steps={2}")
    @CsvSource({"1, 1, 1, 4.7285, 4.3772", "0.01, 1.1, 10000, 5.6320, 5.1926"})
    void epsilon_matchesDpAccounting(double q, double sigma, long steps, double rdp, double pld) {
        PoissonGaussian step = new PoissonGaussian(q, sigma);

        double rdpEpsilon = PrivacyAccountant.create(AccountantKind.RDP).compose(step, steps).epsilon(DELTA);
        double pldEpsilon = PrivacyAccountant.create(AccountantKind.PLD).compose(step, steps).epsilon(DELTA);

        assertThat(rdpEpsilon).isCloseTo(rdp, withinPercentage(0.5));
        assertThat(pldEpsilon).isCloseTo(pld, withinPercentage(1));
        assertThat(pldEpsilon).isLessThan(rdpEpsilon);
    }

    @ParameterizedTest(name = "q={0} sigma={1} steps={2}")
    @CsvSource({"1, 1, 1, 4.7285, 4.3772", "0.01, 1.1, 10000, 5.6320, 5.1926"})
    void epsilon_agreesToTheDigitsGiven(double q, double sigma, long steps, double rdp, double pld) {
        // The same method as dp-accounting gives the same numbers, not merely close ones.
        PoissonGaussian step = new PoissonGaussian(q, sigma);

        assertThat(PrivacyAccountant.create(AccountantKind.RDP).compose(step, steps).epsilon(DELTA))
                .isCloseTo(rdp, withinPercentage(0.002));
        assertThat(PrivacyAccountant.create(AccountantKind.PLD).compose(step, steps).epsilon(DELTA))
                .isCloseTo(pld, withinPercentage(0.002));
    }
}
