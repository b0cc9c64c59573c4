package org.fl4j.secagg.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.fl4j.secagg.InProcessRound;
import org.fl4j.secagg.InProcessRound.Drop;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.TestSites;
import org.junit.jupiter.api.Test;

/**
 * Whole rounds of secure aggregation with distributed DP, every message through its protobuf bytes: the
 * unmasked sum carries exactly the calibrated noise, the signal is the sum of the L2-clipped updates, and what
 * the aggregator receives from one site is uniform.
 */
class DistributedDpRoundTest {

    private static final SecureAggregationSettings ON = new SecureAggregationSettings(true, 0.66,
            OptionalInt.empty(), 1.0, OptionalInt.empty(), 10_000, 60);
    private static final int D = 40_000;

    private static InProcessRound round(List<String> names, float[][] update) {
        InProcessRound r = new InProcessRound(names).settings(ON).distributedDp(new DistributedDp(1.0, 0.5));
        names.forEach(n -> r.update(n, update, 100));
        return r;
    }

    @Test
    void run_zeroUpdatesFewestSurvivors_sumHasTheCalibratedVariance() {
        List<String> names = TestSites.names(4);
        InProcessRound r = round(names, new float[][] {new float[D]}).drop(names.get(3), Drop.AFTER_SHARES);

        InProcessRound.Outcome o = r.run(D);

        assertThat(o.failure()).isNull();
        // 4 participants, 3 neighbours each, threshold 2: 3 survivors are the fewest that can be unmasked
        assertThat(o.params().threshold()).isEqualTo(2);
        assertThat(o.result().survivors()).hasSize(3);
        assertThat(o.result().weightSum()).isEqualTo(3);
        DistributedGaussian g = new DistributedDp(1.0, 0.5).mechanism(o.params());
        // the average is sum * C / (S n); back to the integer sum
        double toInt = (double) g.scale() / g.clipNorm() * 3;
        double mean = 0;
        double squares = 0;
        for (float v : o.result().average()) {
            double x = v * toInt;
            mean += x;
            squares += x * x;
        }
        mean /= D;
        double variance = squares / D - mean * mean;
        double calibrated = Math.pow(g.noiseMultiplier() * g.sensitivity(), 2);
        // three shares of s^2 = (z Delta)^2 / 3 each; the sample variance's standard error is sqrt(2 / D) = 0.7%
        assertThat(variance / calibrated).isBetween(1 - 5 * Math.sqrt(2.0 / D), 1 + 5 * Math.sqrt(2.0 / D));
        assertThat(Math.abs(mean)).isLessThan(5 * Math.sqrt(calibrated / D));
    }

    @Test
    void run_largeUpdates_sumIsTheClippedSumPlusNoise() {
        List<String> names = TestSites.names(3);
        float[] u = new float[D];
        Random random = new Random(5);
        double norm2 = 0;
        for (int i = 0; i < D; i++) {
            u[i] = (float) random.nextGaussian();
            norm2 += (double) u[i] * u[i];
        }
        double clipScale = 0.5 / Math.sqrt(norm2);

        InProcessRound.Outcome o = round(names, new float[][] {u}).run(D);

        assertThat(o.failure()).isNull();
        DistributedGaussian g = new DistributedDp(1.0, 0.5).mechanism(o.params());
        // all three sites survive: noise of 3 shares on the sum, divided by the 3 survivors
        double noiseOnAverage = g.sumStddev(3) / 3;
        double error = 0;
        for (int i = 0; i < D; i++) {
            double e = o.result().average()[i] - u[i] * clipScale;
            error += e * e;
        }
        double rms = Math.sqrt(error / D);
        // rounding adds at most 1/(2 sqrt 3) quantum per coordinate: negligible next to the noise
        assertThat(rms / noiseOnAverage).isBetween(0.95, 1.05);
    }

    @Test
    void maskedInput_ofANoisedUpdate_isUniform() {
        List<String> names = TestSites.names(3);
        float[] u = new float[D];
        java.util.Arrays.fill(u, 0.001f);
        InProcessRound.Outcome o = round(names, new float[][] {u}).keepMaskedInput(names.get(0)).run(D);

        int[] masked = o.maskedInputs().get(names.get(0));
        long[] counts = new long[256];
        for (int v : masked) {
            counts[v >>> 24]++;
        }
        double expected = masked.length / 256.0;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        // chi-square with 255 degrees of freedom at upper tail 1e-6 is about 375
        assertThat(chi).isLessThan(375);
        // the encoded (unmasked) vector is far from uniform: |v| < 2^26 (14 standard deviations), so its top
        // bytes are 0 to 3 or 252 to 255
        DistributedGaussian g = new DistributedDp(1.0, 0.5).mechanism(o.params());
        int[] encoded = DistributedDp.encode(new float[][] {u.clone()}, g, new SecureRandom());
        long top = java.util.Arrays.stream(encoded).filter(v -> Math.abs(v) < (1 << 26)).count();
        assertThat(top).isEqualTo(D);
    }

    @Test
    void encode_roundedNormStaysWithinTheSensitivity_andNonFiniteIsRefused() {
        DistributedGaussian g = DistributedGaussian.of(1e-3, 1.0, 3, 3, 1000);
        float[] big = new float[1000];
        java.util.Arrays.fill(big, 7f);
        DistributedGaussian quiet = DistributedGaussian.of(2e-7, 1.0, 3, 3, 1000);
        int[] out = DistributedDp.encode(new float[][] {big}, quiet, new SecureRandom());
        double norm = Math.sqrt(java.util.Arrays.stream(out).mapToDouble(v -> (double) v * v).sum());
        assertThat(norm).isLessThanOrEqualTo(quiet.sensitivity() + 8 * quiet.shareStddev() * Math.sqrt(1000));
        assertThat(norm).isGreaterThan(quiet.scale() * 0.99);

        float[] bad = new float[1000];
        bad[17] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> DistributedDp.encode(new float[][] {bad}, g, new SecureRandom()))
                .isInstanceOf(SecAggException.class).hasMessageContaining("Infinity");
    }
}
