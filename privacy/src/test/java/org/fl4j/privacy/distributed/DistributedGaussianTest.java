package org.fl4j.privacy.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DistributedGaussianTest {

    @Test
    void of_fourSitesThreeSurvivors_calibratesEachShareToTheSumsNoise() {
        DistributedGaussian g = DistributedGaussian.of(1.0, 0.5, 4, 3, 89_606);

        assertThat(g.bits()).isEqualTo(24);
        assertThat(g.scale()).isEqualTo((1L << 23) - 1);
        assertThat(g.sensitivity()).isCloseTo(g.scale() + Math.sqrt(89_606), org.assertj.core.data.Offset.offset(1e-6));
        // three shares carry at least (z Delta)^2
        assertThat(3 * g.shareStddev() * g.shareStddev()).isGreaterThanOrEqualTo(g.sensitivity() * g.sensitivity());
        assertThat(g.tailTerm()).isZero();
        assertThat(g.accountedNoiseMultiplier()).isLessThan(1.0).isGreaterThan(1.0 - 1e-11);
    }

    @Test
    void of_manyParticipants_keepsTheSumWithinThirtyTwoBits() {
        for (int n : new int[] {2, 10, 100, 1000, 5000}) {
            for (double z : new double[] {0.3, 1, 5}) {
                int t = Math.max(1, (int) Math.ceil(0.66 * (n - 1))) + 1;
                DistributedGaussian g = DistributedGaussian.of(z, 1, n, Math.min(t, n), 100_000);
                double worst = n * g.sensitivity() + 16 * g.shareStddev() * Math.sqrt(n);
                assertThat(worst).as("n %d z %s", n, z).isLessThanOrEqualTo(Integer.MAX_VALUE);
                assertThat(g.scale()).isGreaterThan((long) Math.sqrt(100_000));
            }
        }
    }

    @Test
    void of_sharesBelowOneHalf_areRefused() {
        // z 1e-8 on a scale of 2^23 gives each share 0.06: outside the paper's bound (s >= 1/2)
        assertThatThrownBy(() -> DistributedGaussian.of(1e-8, 1, 2, 2, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below 1/2");
    }

    @Test
    void of_smallShares_tailTermIsThePapersAndWithinTheMargin() {
        DistributedGaussian g = DistributedGaussian.of(1e-7, 1, 2, 2, 10);
        double s = g.shareStddev();
        double tau = 10 * Math.exp(-2 * Math.PI * Math.PI * s * s / 2);

        assertThat(g.tailTerm()).isCloseTo(tau * 10, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(g.tailTerm()).isGreaterThan(0).isLessThanOrEqualTo(1e-12 / (1e-7 * 1e-7));
    }

    @Test
    void of_badInputs_areRefusedNamingThem() {
        assertThatThrownBy(() -> DistributedGaussian.of(0, 1, 3, 2, 10)).hasMessageContaining("noise multiplier");
        assertThatThrownBy(() -> DistributedGaussian.of(-1, 1, 3, 2, 10)).hasMessageContaining("noise multiplier");
        assertThatThrownBy(() -> DistributedGaussian.of(1, 0, 3, 2, 10)).hasMessageContaining("clip norm");
        assertThatThrownBy(() -> DistributedGaussian.of(1, 1, 3, 4, 10)).hasMessageContaining("noise shares");
        assertThatThrownBy(() -> DistributedGaussian.of(1, 1, 3, 0, 10)).hasMessageContaining("noise shares");
        assertThatThrownBy(() -> DistributedGaussian.of(1, 1, 3, 2, 0)).hasMessageContaining("dimension");
    }

    @Test
    void of_modelTooLargeForTheScale_isRefused() {
        // a million participants leave a scale of about 2^10; a model of 10^8 values rounds by up to 10^4
        assertThatThrownBy(() -> DistributedGaussian.of(1, 1, 1_000_000, 660_000, 100_000_000L))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
