package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privacy section: defaults, --set, the canonical form and hash, and the checks that need context. */
class PrivacySettingsTest {

    @TempDir
    Path dir;

    private Plan read(Map<String, ?> overrides) {
        return PlanReader.read(PlanFiles.of(dir), overrides);
    }

    @Test
    void templatePlan_hasPrivacyOff() {
        TestPlans.kerasWorkspace(dir);

        PrivacySettings p = PlanReader.read(dir).privacy();

        assertThat(p).isEqualTo(PrivacySettings.none());
        assertThat(p.enabled()).isFalse();
        assertThat(PlanReader.read(dir).toYaml()).contains("privacy:\n  template: fl4j.Privacy\n  settings:\n"
                + "    level: none\n    clip_norm: 1.0\n    target_delta: 1.0E-5\n    accountant: pld\n");
    }

    @Test
    void planWithoutPrivacySection_readsAsPrivacyOff() {
        TestPlans.kerasWorkspace(dir);
        TestPlans.write(dir, "plan/plan.yaml", """
                aggregator: {defaults: plan/defaults/aggregator.yaml, settings: {rounds_to_train: 3}}
                assigner: {defaults: plan/defaults/assigner.yaml}
                tasks: {defaults: plan/defaults/tasks.yaml}
                data_loader: {template: fl4j.data.MnistShards}
                task_runner: {template: fl4j.dl4j.KerasRunner}
                """);

        assertThat(PlanReader.read(dir).privacy()).isEqualTo(PrivacySettings.none());
    }

    @Test
    void overrides_turnRecordLevelOnAndChangeTheHash() {
        TestPlans.kerasWorkspace(dir);
        Plan off = PlanReader.read(dir);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("privacy.settings.level", "record");
        set.put("privacy.settings.noise_multiplier", "1.1");
        set.put("privacy.settings.max_epsilon", "8");

        Plan on = read(set);

        PrivacySettings p = on.privacy();
        assertThat(p.level()).isEqualTo(PrivacySettings.Level.RECORD);
        assertThat(p.noiseMultiplier()).hasValue(1.1);
        assertThat(p.targetEpsilon()).isEmpty();
        assertThat(p.maxEpsilon()).hasValue(8.0);
        assertThat(p.clipNorm()).isEqualTo(1.0);
        assertThat(p.targetDelta()).isEqualTo(1e-5);
        assertThat(p.accountant()).isEqualTo(PrivacySettings.Accountant.PLD);
        assertThat(on.hash()).isNotEqualTo(off.hash());
        assertThat(on.toYaml()).contains("    level: record\n    noise_multiplier: 1.1\n    clip_norm: 1.0\n"
                + "    target_delta: 1.0E-5\n    max_epsilon: 8.0\n    accountant: pld\n");
    }

    @Test
    void recordLevel_acceptsRobustStrategies() {
        // Record-level noise is added at the sites; the aggregator's strategy only post-processes it.
        TestPlans.kerasWorkspace(dir);

        Plan plan = read(Map.of("privacy.settings.level", "record", "privacy.settings.target_epsilon", "3",
                "tasks.train.aggregation_type", "{template: Median}"));

        assertThat(plan.privacy().targetEpsilon()).hasValue(3.0);
    }

    @Test
    void clientLevel_refusesEachUnboundedStrategyNamingBothSettings() {
        TestPlans.kerasWorkspace(dir);
        for (String strategy : PrivacySection.UNBOUNDED_STRATEGIES) {
            assertThatThrownBy(() -> read(Map.of("privacy.settings.level", "client",
                    "privacy.settings.noise_multiplier", "1", "tasks.train.aggregation_type", "{template: " + strategy
                            + "}")))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("tasks.train.aggregation_type.template " + strategy
                            + " cannot be combined with privacy.settings.level client");
        }
        Plan fedAdam = read(Map.of("privacy.settings.level", "client", "privacy.settings.noise_multiplier", "1",
                "tasks.train.aggregation_type", "{template: FedAdam}"));
        assertThat(fedAdam.privacy().level()).isEqualTo(PrivacySettings.Level.CLIENT);
    }

    @Test
    void clientLevel_withSecureAggregationOrDiskStaging_isRefusedNamingBothSettings() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> read(Map.of("privacy.settings.level", "client", "privacy.settings.noise_multiplier",
                "1", "aggregator.settings.update_staging", "disk")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("aggregator.settings.update_staging: disk cannot run with"
                        + " privacy.settings.level client");
    }

    @Test
    void clientLevel_withSecureAggregation_isDistributedDpAccountedWithRdp() {
        TestPlans.kerasWorkspace(dir);

        Plan plan = read(Map.of("privacy.settings.level", "client", "privacy.settings.noise_multiplier", "1",
                "aggregator.settings.secure_aggregation", "true"));

        assertThat(plan.privacy().accountant()).isEqualTo(PrivacySettings.Accountant.RDP);
        assertThat(plan.aggregator().secureAggregation().enabled()).isTrue();
        // without secure aggregation the default stays pld
        assertThat(read(Map.of("privacy.settings.level", "client", "privacy.settings.noise_multiplier", "1"))
                .privacy().accountant()).isEqualTo(PrivacySettings.Accountant.PLD);
    }

    @Test
    void distributedDp_withContradictingSettings_isRefusedNamingEach() {
        TestPlans.kerasWorkspace(dir);
        Map<String, Object> base = new LinkedHashMap<>(Map.of("privacy.settings.level", "client",
                "privacy.settings.noise_multiplier", "1", "aggregator.settings.secure_aggregation", "true"));

        Map<String, Object> pld = new LinkedHashMap<>(base);
        pld.put("privacy.settings.accountant", "pld");
        assertThatThrownBy(() -> read(pld)).isInstanceOf(PlanException.class)
                .hasMessageContaining("privacy.settings.accountant: pld cannot run with privacy.settings.level"
                        + " client and aggregator.settings.secure_aggregation: true");
        Map<String, Object> adaptive = new LinkedHashMap<>(base);
        adaptive.put("privacy.settings.adaptive_clipping", "{target_unclipped_quantile: 0.5}");
        assertThatThrownBy(() -> read(adaptive)).isInstanceOf(PlanException.class)
                .hasMessageContaining("privacy.settings.adaptive_clipping cannot run with")
                .hasMessageContaining("clipped-or-not bit in clear");
        Map<String, Object> quantisation = new LinkedHashMap<>(base);
        quantisation.put("aggregator.settings.secure_aggregation_settings", "{clip_range: 0.1, bits: 16,"
                + " weight_cap: 100}");
        assertThatThrownBy(() -> read(quantisation)).isInstanceOf(PlanException.class)
                .hasMessageContaining("aggregator.settings.secure_aggregation_settings.clip_range cannot run with")
                .hasMessageContaining("aggregator.settings.secure_aggregation_settings.bits cannot run with")
                .hasMessageContaining("aggregator.settings.secure_aggregation_settings.weight_cap cannot run with");
        Map<String, Object> disk = new LinkedHashMap<>(base);
        disk.put("aggregator.settings.update_staging", "disk");
        assertThatThrownBy(() -> read(disk)).isInstanceOf(PlanException.class)
                .hasMessageContaining("aggregator.settings.update_staging: disk cannot run with");
    }

    @Test
    void deltaCheck_warnsAboveOneOverNAndRefusesFromTenOverN() {
        PrivacySettings p = new PrivacySettings(PrivacySettings.Level.RECORD, OptionalDouble.of(1),
                OptionalDouble.empty(), 1, 1e-3, OptionalDouble.empty(), PrivacySettings.Accountant.PLD,
                java.util.Optional.empty());

        assertThat(p.checkDelta(1000).verdict()).isEqualTo(DeltaCheck.Verdict.OK);
        assertThat(p.checkDelta(0).verdict()).isEqualTo(DeltaCheck.Verdict.OK);
        DeltaCheck warn = p.checkDelta(5000);
        assertThat(warn.verdict()).isEqualTo(DeltaCheck.Verdict.WARN);
        assertThat(warn.message()).isEqualTo("privacy.settings.target_delta 0.001 is larger than 1/5000, one over the"
                + " 5000 protected records: the guarantee would allow publishing one of them in the clear; choose a"
                + " delta well below 1/5000");
        assertThat(p.checkDelta(10_000).verdict()).isEqualTo(DeltaCheck.Verdict.REFUSE);
        assertThat(p.checkDelta(10_000).message()).contains("10/10000 or more");
    }

    @Test
    void clientLevel_deltaAboveOneOverCollaborators_isOnlyAWarning() {
        PrivacySettings p = new PrivacySettings(PrivacySettings.Level.CLIENT, OptionalDouble.of(1),
                OptionalDouble.empty(), 1, 0.5, OptionalDouble.empty(), PrivacySettings.Accountant.PLD,
                java.util.Optional.empty());

        assertThat(p.checkDelta(4).verdict()).isEqualTo(DeltaCheck.Verdict.WARN);
    }
}
