package org.fl4j.aggregator.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.TensorSpec;
import org.fl4j.aggregation.UpdateSink;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DP-FedAvg's arithmetic through the real aggregation engine: updates streamed into a {@link RoundAggregation}
 * of the wrapped strategy, the real SecureGaussian noise, the real accountant.
 */
class DpFedAvgTest {

    @TempDir
    Path dir;

    static PrivacySettings client(double z, double clip, Optional<PrivacySettings.AdaptiveClipping> adaptive) {
        return new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.of(z), OptionalDouble.empty(), clip,
                1e-5, OptionalDouble.empty(), PrivacySettings.Accountant.RDP, adaptive);
    }

    private ClientPrivacy privacy(PrivacySettings s, int participants, int collaborators) throws IOException {
        ClientPrivacy p = new ClientPrivacy(s, "fl4j-test", 10, participants, collaborators,
                dir.resolve(AggregatorPrivacy.JOURNAL));
        p.restore(Map.of(), 0);
        return p;
    }

    private static float[][] round(AggregationStrategy strategy, ModelLayout layout, float[] global,
            float[]... updates) {
        RoundAggregation round = strategy.begin(layout, new float[][] {global});
        for (int i = 0; i < updates.length; i++) {
            UpdateSink sink = round.open("c" + i, 100 + 1000L * i);
            sink.accept(0, 0, updates[i], 0, updates[i].length);
            sink.commit();
        }
        return round.finish();
    }

    @Test
    void finish_clipsLongDifferencesLeavesShortOnes_dividesByExpectedParticipants() throws IOException {
        // Noise 1e-6 C / m: far below what the assertions look at.
        ClientPrivacy p = privacy(client(1e-6, 1.0, Optional.empty()), 4, 4);
        AggregationStrategy dp = new DpFedAvg(AggregationStrategies.create("WeightedAverage", Map.of()), p);
        ModelLayout layout = ModelLayout.of(TensorSpec.of("w", 2));
        float[] g = {1, 1};
        float[] far = {1 + 30, 1 + 40};      // difference of norm 50: clipped to (0.6, 0.8)
        float[] near = {1 + 0.3f, 1 - 0.4f}; // norm 0.5: unchanged

        float[] out = round(dp, layout, g, far, near)[0];

        // Sample counts (100 and 1100) do not weigh; 2 of 4 expected came, the sum is still divided by 4.
        double c = p.roundPlan(2).effectiveClip();
        assertThat(out[0]).isCloseTo((float) (1 + (0.6 * c + 0.3) / 4), within(1e-5f));
        assertThat(out[1]).isCloseTo((float) (1 + (0.8 * c - 0.4) / 4), within(1e-5f));
        assertThat(c).isLessThan(1.0).isGreaterThan(1 - 1e-5);
    }

    @Test
    void finish_noiseStandardDeviationIsZTimesClipOverExpectedParticipants() throws IOException {
        double z = 1.3;
        double clip = 0.2;
        int m = 8;
        ClientPrivacy p = privacy(client(z, clip, Optional.empty()), m, 10);
        AggregationStrategy dp = new DpFedAvg(AggregationStrategies.create("WeightedAverage", Map.of()), p);
        int d = 200_000;
        ModelLayout layout = ModelLayout.of(TensorSpec.of("w", d));
        float[] g = new float[d];
        java.util.Arrays.fill(g, 0.5f);

        float[] out = round(dp, layout, g, g.clone(), g.clone(), g.clone())[0];

        double sum = 0;
        double squares = 0;
        for (float v : out) {
            sum += v - 0.5;
            squares += (v - 0.5) * (v - 0.5);
        }
        double mean = sum / d;
        double std = Math.sqrt(squares / d - mean * mean);
        double expected = z * clip / m;
        // The sample std of 200,000 normals lies within 0.5% of sigma with overwhelming probability (5 sigma).
        assertThat(std).isCloseTo(expected, within(expected * 0.008));
        assertThat(mean).isCloseTo(0, within(5 * expected / Math.sqrt(d)));
    }

    @Test
    void released_composesTheAccountantAndWritesTheJournal() throws IOException {
        ClientPrivacy p = privacy(client(1.0, 1.0, Optional.empty()), 2, 2);
        AggregationStrategy dp = new DpFedAvg(AggregationStrategies.create("FedAdam", Map.of()), p);
        ModelLayout layout = ModelLayout.of(TensorSpec.of("w", 3));
        float[] g = {0, 0, 0};

        p.beginRound(0);
        round(dp, layout, g, new float[] {1, 2, 3}, new float[] {0, 0, 1});
        double first = p.epsilon();
        p.beginRound(1);
        round(dp, layout, g, new float[] {1, 2, 3}, new float[] {0, 0, 1});

        assertThat(first).isGreaterThan(0);
        assertThat(p.epsilon()).isGreaterThan(first);
        assertThat(p.takeMetrics()).containsKeys("epsilon", "clip_norm");
        assertThat(ReleaseJournal.load(dir.resolve(AggregatorPrivacy.JOURNAL)).lines())
                .extracting(ReleaseJournal.Line::round).containsExactly(0L, 1L);
    }

    @Test
    void adaptiveClipping_convergesToTheTargetQuantileOfTheNorms() throws IOException {
        // 100 collaborators a round whose difference norms are uniform on [0, 2]: the 0.7 quantile is 1.4.
        int m = 100;
        var adaptive = new PrivacySettings.AdaptiveClipping(0.7, 0.2, OptionalDouble.empty());
        ClientPrivacy p = privacy(client(0.5, 0.1, Optional.of(adaptive)), m, m);
        AggregationStrategy dp = new DpFedAvg(AggregationStrategies.create("WeightedAverage", Map.of()), p);
        ModelLayout layout = ModelLayout.of(TensorSpec.of("w", 4));
        float[] g = new float[4];
        Random random = new Random(7);
        double late = 0;
        for (int r = 0; r < 80; r++) {
            float[][] updates = new float[m][];
            for (int i = 0; i < m; i++) {
                updates[i] = new float[] {(float) (2 * random.nextDouble()), 0, 0, 0};
            }
            p.beginRound(r);
            round(dp, layout, g, updates);
            if (r >= 40) {
                late += p.clipNorm() / 40;
            }
        }

        // From 0.1, the clip norm settles around 1.4 (each round's noisy count moves it by a few percent).
        assertThat(late).isCloseTo(1.4, within(0.1));
    }

    @Test
    void adaptiveClipping_countNoiseTooSmallForTheNoiseMultiplier_isRefusedNamingTheSetting() {
        var adaptive = new PrivacySettings.AdaptiveClipping(0.5, 0.2, OptionalDouble.of(0.1));

        assertThatThrownBy(() -> privacy(client(1.0, 0.1, Optional.of(adaptive)), 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privacy.settings.adaptive_clipping.clipped_count_stddev 0.1000 is too small")
                .hasMessageContaining("above z/2 = 0.5000");
    }

    @Test
    void sumNoise_composesWithTheCountToTheAccountedMultiplier() {
        double zDelta = AdaptiveClip.sumNoise(1.0, 5.0);

        assertThat(1 / (zDelta * zDelta) + 1 / (4 * 25.0)).isCloseTo(1.0, within(1e-12));
        assertThat(new AdaptiveClip(0.5, 0.2).next(1.0, 0.5)).isEqualTo(1.0);
        assertThat(new AdaptiveClip(0.5, 0.2).next(1.0, 1.0)).isCloseTo(Math.exp(-0.1), within(1e-15));
    }

    @Test
    void targetEpsilon_isCalibratedOverThePlannedRounds_orRefusedWhenNoNoiseReachesIt() {
        PrivacySettings target = new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.empty(),
                OptionalDouble.of(8), 0.5, 1e-5, OptionalDouble.empty(), PrivacySettings.Accountant.PLD,
                Optional.empty());
        ClientPrivacy p = new ClientPrivacy(target, "fl4j-test", 5, 2, 2, dir.resolve(AggregatorPrivacy.JOURNAL));

        assertThat(p.noiseMultiplier()).isCloseTo(1.3432, within(2e-3));
        PrivacySettings tiny = new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.empty(),
                OptionalDouble.of(1e-4), 0.5, 1e-5, OptionalDouble.empty(), PrivacySettings.Accountant.RDP,
                Optional.empty());
        assertThatThrownBy(() -> new ClientPrivacy(tiny, "fl4j-test", 1000, 2, 2, dir.resolve("j")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privacy.settings.target_epsilon 1.0E-4 cannot be reached in"
                        + " aggregator.settings.rounds_to_train 1000");
    }

    @Test
    void poissonSampling_accountsEachRoundAtTheRateAndCalibratesWithIt() throws IOException {
        ClientPrivacy p = new ClientPrivacy(client(2.0, 0.5, Optional.empty()), "fl4j-test", 5, 50, 0.5, 100, false,
                dir.resolve(AggregatorPrivacy.JOURNAL));
        p.restore(Map.of(), 0);

        assertThat(p.epsilonNext()).isCloseTo(PrivacyAccountant.create(AccountantKind.RDP)
                .epsilonAfter(new PoissonGaussian(0.5, 2.0), 1, 1e-5), within(1e-12));
        assertThat(p.epsilonNext()).isLessThan(PrivacyAccountant.create(AccountantKind.RDP)
                .epsilonAfter(new PoissonGaussian(1.0, 2.0), 1, 1e-5));
        PrivacySettings target = new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.empty(),
                OptionalDouble.of(3), 0.5, 1e-5, OptionalDouble.empty(), PrivacySettings.Accountant.PLD,
                Optional.empty());
        double sampled = new ClientPrivacy(target, "fl4j-test", 5, 50, 0.5, 100, false, dir.resolve("j1"))
                .noiseMultiplier();
        double full = new ClientPrivacy(target, "fl4j-test", 5, 50, 100, dir.resolve("j2")).noiseMultiplier();
        assertThat(sampled).isLessThan(full);
    }

    @Test
    void poissonSampling_withSecureAggregationOrOftenDrawingNobody_isRefusedNamingTheSettings() {
        PrivacySettings rdp = new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.of(1.0),
                OptionalDouble.empty(), 0.5, 1e-5, OptionalDouble.empty(), PrivacySettings.Accountant.RDP,
                Optional.empty());
        assertThatThrownBy(() -> new ClientPrivacy(rdp, "fl4j-test", 5, 50, 0.5, 100, true, dir.resolve("j")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with secure aggregation cannot take assigner.settings.poisson_sampling");
        // 10 collaborators at rate 0.5: a round draws nobody with probability 1/1024.
        assertThatThrownBy(() -> new ClientPrivacy(client(1.0, 0.5, Optional.empty()), "fl4j-test", 5, 5, 0.5, 10,
                false, dir.resolve("j")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("assigner.settings.poisson_sampling at rate 0.5000 of 10 collaborators draws"
                        + " nobody in one of 5 rounds with probability 0.00488");
    }

    @Test
    void nonStreamingStrategy_isRefused() throws IOException {
        ClientPrivacy p = privacy(client(1.0, 1.0, Optional.empty()), 2, 2);

        assertThatThrownBy(() -> new DpFedAvg(AggregationStrategies.create("Median", Map.of()), p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Median");
    }
}
