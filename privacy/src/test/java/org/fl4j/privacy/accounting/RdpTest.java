package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RDP of one subsampled Gaussian step against values found without its series: the Rényi divergence
 * integrated numerically with mpmath (30 digits) from the densities, A_a = E_Q[(P/Q)^a]. Integer orders
 * are exact; at fractional orders the series, summed in absolute value as dp-accounting does, is an upper
 * bound a little above the integral.
 */
class RdpTest {

    @ParameterizedTest(name = "q={0} sigma={1} order={2}")
    @CsvSource({"0.1, 1, 2, 0.0170368632361766", "0.01, 1.1, 20, 3.41693103956093"})
    void integerOrder_equalsNumericalRenyiDivergence(double q, double sigma, double order, double exact) {
        assertThat(SubsampledGaussianRdp.rdp(q, sigma, order)).isCloseTo(exact, withinPercentage(1e-9));
    }

    @ParameterizedTest(name = "q={0} sigma={1} order={2}")
    @CsvSource({"0.1, 1, 2.5, 0.0235037272610031", "0.01, 1.1, 1.5, 9.55452857187224e-5",
        "0.1, 2, 10.5, 0.0200068544258731", "0.01, 0.6, 3.7, 0.0202361046463088"})
    void fractionalOrder_boundsNumericalRenyiDivergenceFromAbove(double q, double sigma, double order,
            double exact) {
        assertThat(SubsampledGaussianRdp.rdp(q, sigma, order)).isGreaterThanOrEqualTo(exact)
                .isCloseTo(exact, withinPercentage(5));
    }

    @ParameterizedTest(name = "q={0} sigma={1}")
    @CsvSource({"0.001, 0.6", "0.01, 1.1", "0.3, 2", "0.9, 5"})
    void orderTwo_hasClosedForm(double q, double sigma) {
        // A_2 = (1-q)^2 + 2q(1-q) + q^2 e^(1/sigma^2) = 1 + q^2 (e^(1/sigma^2) - 1)
        double exact = Math.log1p(q * q * Math.expm1(1 / (sigma * sigma)));

        assertThat(SubsampledGaussianRdp.rdp(q, sigma, 2)).isCloseTo(exact, withinPercentage(1e-7));
    }

    @Test
    void withoutSampling_isOrderOverTwoSigmaSquaredPerStep() {
        RdpAccountant a = (RdpAccountant) PrivacyAccountant.create(AccountantKind.RDP)
                .compose(new PoissonGaussian(1, 1.5), 7);

        double[] rdp = a.rdp();
        for (int i = 0; i < rdp.length; i++) {
            assertThat(rdp[i]).isCloseTo(7 * SubsampledGaussianRdp.ORDERS[i] / (2 * 1.5 * 1.5), within(1e-12));
        }
    }

    @Test
    void orders_areDpAccountingsDefaultGrid() {
        double[] orders = SubsampledGaussianRdp.ORDERS;

        assertThat(orders).hasSize(156);
        assertThat(orders[0]).isEqualTo(1.1);
        assertThat(orders[98]).isCloseTo(10.9, within(1e-12));
        assertThat(orders[99]).isEqualTo(11);
        assertThat(orders[151]).isEqualTo(63);
        assertThat(orders).endsWith(128, 256, 512, 1024);
    }

    @ParameterizedTest(name = "q={0} sigma={1}")
    @CsvSource({"0.01, 1.1", "0.1, 0.6", "0.001, 5"})
    void rdp_growsWithTheOrder(double q, double sigma) {
        // Orders whose fractional series does not settle are infinite and left out of the minimum, as in
        // dp-accounting; the finite ones grow with the order.
        double[] rdp = SubsampledGaussianRdp.rdp(new PoissonGaussian(q, sigma));
        double last = 0;
        for (int i = 0; i < rdp.length; i++) {
            if (Double.isFinite(rdp[i])) {
                assertThat(rdp[i]).as("order " + SubsampledGaussianRdp.ORDERS[i]).isGreaterThanOrEqualTo(last * (1 - 1e-9));
                last = rdp[i];
            }
        }
    }
}
