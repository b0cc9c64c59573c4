package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.InProcessRound.Drop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Whole rounds in one JVM: the unmasked result against plain weighted FedAvg, with dropouts at every stage. */
class SecAggRoundTest {

    static final SecureAggregationSettings DEFAULTS = SecureAggregationSettings.disabled();

    static InProcessRound round(List<String> names, int dimension, SecureAggregationSettings settings, long seed) {
        InProcessRound r = new InProcessRound(names).settings(settings);
        Random random = new Random(seed);
        for (int s = 0; s < names.size(); s++) {
            // two tensors, values partly beyond the clip range
            float[] a = new float[dimension / 3];
            float[] b = new float[dimension - a.length];
            for (float[] t : new float[][] {a, b}) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) (random.nextGaussian() * 0.4 * settings.clipRange());
                }
            }
            r.update(names.get(s), new float[][] {a, new float[0], b}, 50L + 977L * s);
        }
        return r;
    }

    static void assertMatchesPlainFedAvg(InProcessRound r, InProcessRound.Outcome o, int dimension) {
        assertThat(o.failure()).as("round failure").isNull();
        double[] expected = r.expectedAverage(o.result().survivors(), dimension);
        double bound = o.params().quantisation().errorBound();
        float[] got = o.result().average();
        assertThat(got).hasSize(dimension);
        for (int i = 0; i < dimension; i++) {
            assertThat(Math.abs(got[i] - expected[i])).as("coordinate %s", i).isLessThan(bound + 1e-6);
        }
    }

    @Test
    void run_tenSitesNoDropout_equalsPlainFedAvgWithinTheBound() {
        List<String> names = TestSites.names(10);
        InProcessRound r = round(names, 3001, DEFAULTS, 1).chunkBytes(1000);

        InProcessRound.Outcome o = r.run(3001);

        assertThat(o.params().graph().isComplete()).isTrue();
        assertThat(o.params().threshold()).isEqualTo(6);
        assertThat(o.params().quantisation().bits()).isEqualTo(15);
        assertThat(o.clientFailures()).isEmpty();
        assertThat(o.result().survivors()).isEqualTo(names);
        assertThat(o.result().dropped()).isEmpty();
        assertThat(o.result().weightSum()).isEqualTo(names.size() * 50L + 977L * 45);
        assertMatchesPlainFedAvg(r, o, 3001);
    }

    @ParameterizedTest
    @EnumSource(value = Drop.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void run_tenSitesOneDropsAtAStage_completesWithTheRightSurvivors(Drop when) {
        List<String> names = TestSites.names(10);
        InProcessRound r = round(names, 500, DEFAULTS, 2).drop("site-0004", when);

        InProcessRound.Outcome o = r.run(500);

        boolean inputCounted = when == Drop.AFTER_INPUT || when == Drop.AFTER_CONSISTENCY;
        assertThat(o.result().survivors().contains("site-0004")).isEqualTo(inputCounted);
        assertThat(o.result().dropped()).isEqualTo(inputCounted ? List.of() : List.of("site-0004"));
        assertMatchesPlainFedAvg(r, o, 500);
    }

    @Test
    void run_tenSitesThreeDropAtDifferentStages_completes() {
        List<String> names = TestSites.names(10);
        InProcessRound r = round(names, 500, DEFAULTS, 3).drop("site-0001", Drop.AFTER_KEYS)
                .drop("site-0005", Drop.AFTER_SHARES).drop("site-0009", Drop.AFTER_CONSISTENCY);

        InProcessRound.Outcome o = r.run(500);

        assertThat(o.result().dropped()).containsExactly("site-0001", "site-0005");
        assertMatchesPlainFedAvg(r, o, 500);
    }

    @Test
    void run_tenSitesFourDropAfterSharing_failsTooFew() {
        List<String> names = TestSites.names(10);
        InProcessRound r = round(names, 100, DEFAULTS, 4);
        for (String s : List.of("site-0000", "site-0002", "site-0004", "site-0006")) {
            r.drop(s, Drop.AFTER_SHARES);
        }

        InProcessRound.Outcome o = r.run(100);

        assertThat(o.result()).isNull();
        assertThat(o.failure().kind()).isEqualTo(SecAggException.Kind.TOO_FEW);
        assertThat(o.failure()).hasMessageContaining("cannot be unmasked: only 5 neighbours of")
                .hasMessageContaining("6 must reveal its shares (6 of 10 participants survive)");
    }

    @Test
    void run_hundredSitesSparseGraph_dropoutsAtEveryStage_completes() {
        List<String> names = TestSites.names(100);
        SecureAggregationSettings twenty = new SecureAggregationSettings(true, 0.66, OptionalInt.of(20), 0.5,
                OptionalInt.empty(), 10_000, 60);
        InProcessRound r = round(names, 300, twenty, 5);
        Drop[] stages = {Drop.BEFORE_KEYS, Drop.AFTER_KEYS, Drop.AFTER_SHARES, Drop.AFTER_INPUT,
                Drop.AFTER_CONSISTENCY};
        for (int i = 0; i < 10; i++) {
            r.drop(names.get(7 + 9 * i), stages[i % 5]);
        }

        InProcessRound.Outcome o = r.run(300);

        assertThat(o.params().graph().degree()).isEqualTo(20);
        assertThat(o.params().threshold()).isEqualTo(14);
        assertThat(o.result().dropped()).hasSize(6);
        assertThat(o.clientFailures()).isEmpty();
        assertMatchesPlainFedAvg(r, o, 300);
    }

    @Test
    void run_twoSites_eachMasksWithTheOther() {
        List<String> names = TestSites.names(2);
        InProcessRound r = round(names, 64, DEFAULTS, 6);

        InProcessRound.Outcome o = r.run(64);

        assertThat(o.params().threshold()).isEqualTo(1);
        assertThat(o.params().quantisation().bits()).isEqualTo(17);
        assertMatchesPlainFedAvg(r, o, 64);
    }

    @Test
    void run_twoSitesOneDropsAfterInput_refusesToRevealTheOther() {
        // the survivor's input alone would be the "sum": its client refuses (no neighbour signed the survivors)
        List<String> names = TestSites.names(2);
        InProcessRound.Outcome o = round(names, 64, DEFAULTS, 7).drop("site-0001", Drop.AFTER_SHARES).run(64);

        assertThat(o.result()).isNull();
        assertThat(o.failure().kind()).isEqualTo(SecAggException.Kind.TOO_FEW);
    }

    @Test
    void run_siteWithAnRsaCertificate_takesPart() {
        List<String> names = List.of("rsa-site", "site-0000", "site-0001");
        TestSites.get().identities(List.of("site-0000", "site-0001"));
        TestSites.get().identity("rsa-site");
        // replace the EC identity by an RSA-3072 one for this name
        TestSites.get().useIdentity(TestSites.get().rsaIdentity("rsa-site"));
        InProcessRound r = round(names, 100, DEFAULTS, 8);

        InProcessRound.Outcome o = r.run(100);

        assertThat(TestSites.get().identity("rsa-site").privateKey().getAlgorithm()).isEqualTo("RSA");
        assertMatchesPlainFedAvg(r, o, 100);
    }
}
