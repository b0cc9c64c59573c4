package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureAggregationSettingsTest {

    private static final String S = "aggregator.settings.secure_aggregation_settings.";
    private static final String ON = "aggregator.settings.secure_aggregation";

    @TempDir
    Path dir;

    @Test
    void read_nothingGiven_offWithDefaults() {
        Plan plan = PlanReader.read(TestPlans.kerasWorkspace(dir));

        assertThat(plan.aggregator().secureAggregation()).isEqualTo(SecureAggregationSettings.disabled());
        assertThat(plan.toYaml()).contains("  secure_aggregation: false\n", "    threshold: 0.66\n",
                "    neighbours: auto\n", "    clip_range: 1.0\n", "    bits: auto\n", "    weight_cap: 10000\n",
                "    setup_timeout_seconds: 60\n");
    }

    @Test
    void read_settingsGiven_areReadAndCountInTheHash() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Plan plain = PlanReader.read(dir);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put(S + "threshold", "0.75");
        set.put(S + "neighbours", "8");
        set.put(S + "clip_range", "0.5");
        set.put(S + "bits", "12");
        set.put(S + "weight_cap", "500");
        set.put(S + "setup_timeout_seconds", "30");

        Plan plan = PlanReader.read(PlanFiles.of(dir), set);

        assertThat(plan.aggregator().secureAggregation()).isEqualTo(new SecureAggregationSettings(false, 0.75,
                OptionalInt.of(8), 0.5, OptionalInt.of(12), 500, 30));
        assertThat(plan.hash()).isNotEqualTo(plain.hash());
        Files.writeString(dir.resolve("plan/plan.yaml"), plan.toYaml());
        assertThat(PlanReader.read(dir).hash()).isEqualTo(plan.hash());
    }

    @Test
    void read_enabled_isAccepted() {
        TestPlans.kerasWorkspace(dir);

        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of(ON, "true"));

        assertThat(plan.aggregator().secureAggregation().enabled()).isTrue();
    }

    @Test
    void read_enabledWithMedian_namesBothSettings() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of(ON, "true",
                "tasks.train.aggregation_type", "{template: Median}")))
                .hasMessageContaining("tasks.train.aggregation_type.template: Median cannot run with"
                        + " aggregator.settings.secure_aggregation: true")
                .hasMessageContaining("use one of WeightedAverage, FedAvgM, FedAdagrad, FedAdam, FedYogi");
    }

    @Test
    void read_enabledWithClipNorm_namesBothSettings() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of(ON, "true",
                "tasks.train.aggregation_type", "{template: fl4j.FedAdam, settings: {clip_norm: 5.0}}")))
                .hasMessageContaining("tasks.train.aggregation_type.settings.clip_norm needs the norm of each update,"
                        + " which aggregator.settings.secure_aggregation: true hides")
                .hasMessageNotContaining("FedAdam cannot run");
    }

    @Test
    void read_disabledWithMedian_isFine() {
        TestPlans.kerasWorkspace(dir);

        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("tasks.train.aggregation_type", "{template: Median}"));

        assertThat(plan.task("train").orElseThrow().aggregationType().template()).isEqualTo("Median");
    }

    @Test
    void read_enabledWithFedAdam_isAccepted() {
        TestPlans.kerasWorkspace(dir);

        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of(ON, "true", "tasks.train.aggregation_type",
                "{template: FedAdam}"));

        assertThat(plan.task("train").orElseThrow().aggregationType().template()).isEqualTo("FedAdam");
    }

    @Test
    void read_bitsOverflowingTheCollaborators_namesTheLargestThatFits() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of(ON, "true", S + "bits", "20")))
                .hasMessageContaining(S + "bits: 20 overflows the 32-bit sum of 2 participants with weight_cap 10000"
                        + " (2 x 10000 x 524287 > 2^31 - 1): use at most 17, or auto (2 collaborators in cols.yaml)");
    }

    @Test
    void read_badValues_reportEveryOne() {
        TestPlans.kerasWorkspace(dir);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put(S + "threshold", "0.5");
        set.put(S + "neighbours", "3");
        set.put(S + "bits", "many");
        set.put(S + "clip_range", "-1");
        set.put(S + "weight_cap", "0");
        set.put(S + "setup_timeout_seconds", "0");
        set.put(S + "treshold", "0.7");

        PlanException e = (PlanException) org.assertj.core.api.Assertions.catchThrowable(
                () -> PlanReader.read(PlanFiles.of(dir), set));

        assertThat(e.problems()).extracting(PlanProblem::message).containsExactlyInAnyOrder(
                S + "threshold must be in (0.5, 1] (a fraction of the neighbours,"
                        + " above one half), found 0.5",
                S + "neighbours must be an even number >= 2 or auto, found 3",
                S + "bits: expected in [2, 24] or auto, found 'many'",
                S + "clip_range must be > 0, found -1",
                S + "weight_cap must be >= 1, found 0",
                S + "setup_timeout_seconds must be between 1 and 3600,"
                        + " found 0",
                "unknown key 'treshold' in aggregator.settings.secure_aggregation_settings"
                        + " (did you mean 'threshold'?)");
    }

    @Test
    void maxBits_overflowBudget_largestThatFits() {
        assertThat(List.of(2, 10, 100, 1000, 10_000)).map(n -> SecureAggregationSettings.maxBits(n, 10_000))
                .containsExactly(17, 15, 12, 8, 5);
        // at the edge: 256 x 1 x (2^23 - 1) = 2^31 - 256 fits, 257 x 1 x (2^23 - 1) does not
        assertThat(SecureAggregationSettings.maxBits(1, 1)).isEqualTo(24);
        assertThat(SecureAggregationSettings.fits(256, 1, 24)).isTrue();
        assertThat(SecureAggregationSettings.fits(257, 1, 24)).isFalse();
        assertThat(SecureAggregationSettings.maxBits(Integer.MAX_VALUE, 2)).isZero();
    }

    @Test
    void bitsFor_explicitOrAuto_checkedAgainstTheParticipants() {
        SecureAggregationSettings auto = SecureAggregationSettings.disabled();
        SecureAggregationSettings twelve = new SecureAggregationSettings(true, 0.66, OptionalInt.empty(), 1.0,
                OptionalInt.of(12), 10_000, 60);

        assertThat(auto.bitsFor(10)).isEqualTo(15);
        assertThat(twelve.bitsFor(100)).isEqualTo(12);
        assertThat(twelve.bitsFor(104)).isEqualTo(12);
        assertThatThrownBy(() -> twelve.bitsFor(105)).hasMessage("bits: 12 overflows the 32-bit sum of 105"
                + " participants with weight_cap 10000 (105 x 10000 x 2047 > 2^31 - 1): use at most 11, or auto");
    }
}
