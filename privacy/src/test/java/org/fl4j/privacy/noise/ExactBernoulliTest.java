package org.fl4j.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact Bernoulli trials' frequencies against their probabilities (4 standard errors, seeded). */
class ExactBernoulliTest {

    private static final int N = 400_000;

    @ParameterizedTest(name = "gamma = {0}/{1}")
    @CsvSource({"0, 1", "3, 10", "1, 1", "5, 2", "123456789012345678901234567, 10000000000000000000000000"})
    void expMinus_happensWithProbabilityEToTheMinusGamma(String num, String den) {
        ExactBernoulli b = new ExactBernoulli(new Random(11));
        BigInteger n = new BigInteger(num);
        BigInteger d = new BigInteger(den);
        double p = Math.exp(-n.doubleValue() / d.doubleValue());

        int hits = 0;
        for (int i = 0; i < N; i++) {
            hits += b.expMinus(n, d) ? 1 : 0;
        }

        assertThat((double) hits / N).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / N) + 1e-12));
    }

    @ParameterizedTest(name = "bound 2^{0} * 3")
    @CsvSource({"10", "70", "130"})
    void uniformBelow_isUniformOverLargeBounds(int shift) {
        ExactBernoulli b = new ExactBernoulli(new Random(5));
        BigInteger third = BigInteger.ONE.shiftLeft(shift);
        BigInteger bound = third.multiply(BigInteger.valueOf(3));
        long[] thirds = new long[3];

        for (int i = 0; i < 150_000; i++) {
            BigInteger u = b.uniformBelow(bound);
            assertThat(u.signum()).isGreaterThanOrEqualTo(0);
            assertThat(u).isLessThan(bound);
            thirds[u.divide(third).intValue()]++;
        }

        double[] p = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        assertThat(ChiSquare.statistic(thirds, p)).isLessThan(ChiSquare.critical(2));
    }
}
