package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PLD accountant against values computed independently of its method, with mpmath at 30 digits
 * (never by running this code): it must never be below them (it is pessimistic) and at most 0.1% above.
 *
 * <ul>
 * <li>q = 1: T Gaussian steps of noise sigma are one Gaussian mechanism with mu = sqrt(T) / sigma, whose
 *     delta(eps) = Phi(-eps/mu + mu/2) - e^eps Phi(-eps/mu - mu/2) (Balle and Wang 2018) is solved for
 *     eps by bisection; mixed noise levels combine as mu^2 = sum T_i / sigma_i^2.
 * <li>q < 1, one step: the hockey-stick divergence of the two mixtures, integrated by quadrature from their
 *     densities on both sides of the crossing point, for both directions of add-or-remove.
 * <li>q < 1, two steps: delta_2(eps) = E_P[delta_1(eps - L(X))], a one-dimensional quadrature over the
 *     first step's output of the second step's closed-form hockey-stick divergence.
 * </ul>
 */
class IndependentValuesTest {

    private static final double DELTA = 1e-5;

    @ParameterizedTest(name = "sigma={0} steps={1}")
    @CsvSource({"0.6, 1, 8.00369105560061", "0.6, 100, 209.080653263708", "0.6, 10000, 14598.716612943",
        "1, 1, 4.37717809568122", "1, 100, 91.8172896246637", "1, 10000, 5425.50984614743",
        "2, 1, 1.99309140441512", "2, 100, 33.1037323359225", "2, 10000, 1462.28501596478",
        "5, 1, 0.725521750857796", "5, 100, 9.9972561464343", "5, 10000, 284.391849497742"})
    void gaussianWithoutSampling_matchesClosedForm(double sigma, long steps, double exact) {
        double eps = PrivacyAccountant.create().compose(new PoissonGaussian(1, sigma), steps).epsilon(DELTA);

        assertPessimisticAndClose(eps, exact);
    }

    @Test
    void twoNoiseLevels_matchClosedForm() {
        PrivacyAccountant accountant = PrivacyAccountant.create().compose(new PoissonGaussian(1, 1), 1)
                .compose(new PoissonGaussian(1, 2), 100);

        assertPessimisticAndClose(accountant.epsilon(1e-5), 34.0224247464242);
    }

    @Test
    void interleavedNoiseLevels_matchClosedForm() {
        PrivacyAccountant accountant = PrivacyAccountant.create().compose(new PoissonGaussian(1, 0.6), 2)
                .compose(new PoissonGaussian(1, 5), 10).compose(new PoissonGaussian(1, 0.6), 1);

        assertPessimisticAndClose(accountant.epsilon(1e-6), 17.8204594924658);
    }

    @ParameterizedTest(name = "q={0} sigma={1}")
    @CsvSource({"0.001, 0.6, 0.0984710692251", "0.001, 1, 0.00911156448706", "0.001, 2, 0.00150679402327",
        "0.001, 5, 0.000301082187785", "0.01, 0.6, 1.59746838797", "0.01, 1, 0.199450447796",
        "0.01, 2, 0.0282590839572", "0.01, 5, 0.00572828480327", "0.1, 0.6, 4.77038812507",
        "0.1, 1, 1.68454381433", "0.1, 2, 0.369036690287", "0.1, 5, 0.0792706634057"})
    void subsampledSingleStep_matchesQuadrature(double q, double sigma, double exact) {
        double eps = PrivacyAccountant.create().compose(new PoissonGaussian(q, sigma), 1).epsilon(DELTA);

        assertPessimisticAndClose(eps, exact);
    }

    @ParameterizedTest(name = "q={0} sigma={1}")
    @CsvSource({"0.1, 1, 1.917448606", "0.01, 0.6, 1.886424795", "0.1, 2, 0.4491263924"})
    void subsampledTwoSteps_matchQuadrature(double q, double sigma, double exact) {
        double eps = PrivacyAccountant.create().compose(new PoissonGaussian(q, sigma), 2).epsilon(DELTA);

        assertPessimisticAndClose(eps, exact);
    }

    private static void assertPessimisticAndClose(double eps, double exact) {
        assertThat(eps).isGreaterThanOrEqualTo(exact * (1 - 1e-9)).isCloseTo(exact, withinPercentage(0.1));
    }
}
