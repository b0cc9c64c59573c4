package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FFT, composition and self-composition against direct sums, and the connect-the-dots construction. */
class PldPmfTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 64, 1024})
    void fft_matchesDirectDft(int n) {
        Random r = new Random(n);
        double[] re = r.doubles(n).toArray();
        double[] im = r.doubles(n).toArray();
        double[] fr = re.clone();
        double[] fi = im.clone();

        new Fft(n).transform(fr, fi, false);

        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
            }
            assertThat(fr[k]).isCloseTo(sr, within(1e-9));
            assertThat(fi[k]).isCloseTo(si, within(1e-9));
        }
        new Fft(n).transform(fr, fi, true);
        for (int k = 0; k < n; k++) {
            assertThat(fr[k]).isCloseTo(re[k], within(1e-12));
            assertThat(fi[k]).isCloseTo(im[k], within(1e-12));
        }
    }

    @Test
    void compose_isTheConvolution() {
        PldPmf a = new PldPmf(-2, new double[] {0.1, 0.2, 0.3, 0.35}, 0.05);
        PldPmf b = new PldPmf(3, new double[] {0.5, 0.25, 0.2}, 0.05);

        PldPmf c = a.compose(b);

        double[] direct = new double[6];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                direct[i + j] += a.probs[i] * b.probs[j];
            }
        }
        assertThat(c.lower).isEqualTo(1);
        assertThat(c.probs).containsExactly(direct, within(1e-15));
        assertThat(c.infinityMass).isCloseTo(0.05 + 0.05 - 0.0025, within(1e-15));
    }

    @Test
    void selfCompose_equalsRepeatedComposition() {
        PldPmf a = new PldPmf(-1, new double[] {0.3, 0.1, 0.2, 0.4 - 1e-3}, 1e-3);
        PldPmf repeated = a;
        for (int i = 1; i < 7; i++) {
            repeated = repeated.compose(a);
        }

        PldPmf self = a.selfCompose(7);

        double h = 0.01;
        for (double eps : new double[] {0, 0.02, 0.05, 0.1}) {
            assertThat(self.delta(eps, h)).isCloseTo(repeated.delta(eps, h), within(1e-14));
        }
        assertThat(self.infinityMass).isCloseTo(1 - Math.pow(1 - 1e-3, 7) + PldPmf.TAIL_MASS, within(1e-15));
    }

    @Test
    void epsilon_invertsDelta() {
        PldPmf pmf = new SubsampledGaussianPld(new PoissonGaussian(0.05, 1), SubsampledGaussianPld.Direction.REMOVE)
                .discretise(1e-4).selfCompose(300);

        double eps = pmf.epsilon(1e-5, 1e-4);

        assertThat(pmf.delta(eps, 1e-4)).isLessThanOrEqualTo(1e-5 * (1 + 1e-12));
        assertThat(pmf.delta(eps - 1e-3, 1e-4)).isGreaterThan(1e-5);
    }

    @Test
    void connectTheDots_matchesExactDeltaAtGridPointsAndHoldsAllMass() {
        for (SubsampledGaussianPld.Direction d : SubsampledGaussianPld.Direction.values()) {
            SubsampledGaussianPld one = new SubsampledGaussianPld(new PoissonGaussian(0.1, 0.8), d);
            double h = 1e-3;

            PldPmf pmf = one.discretise(h);

            double total = pmf.infinityMass;
            for (double p : pmf.probs) {
                total += p;
            }
            // Rounding in the second differences can make a mass slightly negative; it is set to 0, which only adds.
            assertThat(total).as(d.name()).isCloseTo(1, within(1e-8));
            for (double eps : new double[] {0.1, 0.5, 1, 2}) {
                assertThat(pmf.delta(eps, h)).as(d + " at " + eps).isCloseTo(one.delta(eps), within(1e-12));
            }
            // Between grid points the discrete curve lies above the exact one.
            assertThat(pmf.delta(0.5005, h)).isGreaterThanOrEqualTo(one.delta(0.5005));
        }
    }
}
