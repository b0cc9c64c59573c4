package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The special functions against values computed with mpmath at 50 digits. */
class SpecialTest {

    @ParameterizedTest
    @CsvSource({"0, 1.0", "0.3, 0.67137324054087258381", "1, 0.15729920705028513066",
        "1.2499, 0.077123526812468063338", "1.25, 0.077099871743541769863", "2, 0.0046777349810472658379",
        "5, 1.5374597944280348502e-12", "10, 2.088487583762544757e-45", "26, 5.6631924088561428465e-296"})
    void erfc_matchesHighPrecision(double z, double expected) {
        assertThat(Special.erfc(z)).isCloseTo(expected, withinPercentage(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"1.3, -2.7182209220903844811", "10, -102.87988902484488857", "30, -903.97411711064387808",
        "100, -10005.177585122664333", "-3, 0.69313613525044681032"})
    void logErfc_matchesHighPrecisionBeyondUnderflow(double z, double expected) {
        assertThat(Special.logErfc(z)).isCloseTo(expected, withinPercentage(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"-40, -804.60844201375378817", "-10, -53.231285150512470578", "-1, -1.8410216450092635058",
        "0, -0.69314718055994530942", "3, -0.0013508099647481937988"})
    void logNormalCdf_matchesHighPrecision(double x, double expected) {
        assertThat(Special.logNormalCdf(x)).isCloseTo(expected, withinPercentage(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"-10, 7.619853024160526066e-24", "-1, 0.15865525393145705141", "0, 0.5",
        "3, 0.99865010196836990547"})
    void normalCdf_matchesHighPrecision(double x, double expected) {
        assertThat(Special.normalCdf(x)).isCloseTo(expected, withinPercentage(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.57236494292470008707", "1, 0.0", "1.5, -0.12078223763524522235",
        "10.3, 13.482036786138358593", "1025, 6078.211884750050114", "-0.5, 1.2655121234846453965",
        "-998.5, -5900.6221908088876338", "-2.3, 0.36956666345500803746", "0.1, 2.252712651734205902"})
    void logGamma_matchesHighPrecisionIncludingNegativeArguments(double x, double expected) {
        assertThat(Special.logGamma(x)).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
    }

    @org.junit.jupiter.api.Test
    void erfcx_taylorTableAgreesWithContinuedFraction() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            double z = 1.25 + 7 * r.nextDouble();
            assertThat(Special.erfcx(z)).as("z=" + z).isCloseTo(Special.erfcxFraction(z), withinPercentage(1e-12));
        }
    }
}
