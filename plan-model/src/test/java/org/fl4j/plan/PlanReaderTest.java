package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReaderTest {

    @TempDir
    Path dir;

    @Test
    void read_kerasTemplate_mergesDefaults() {
        Plan plan = PlanReader.read(TestPlans.kerasWorkspace(dir));
        assertThat(plan.aggregator().roundsToTrain()).isEqualTo(10);
        assertThat(plan.aggregator().dbStoreRounds()).isEqualTo(2);
        assertThat(plan.aggregator().initStatePath()).isEqualTo(Path.of("save/keras_cnn_mnist_init.fl4j"));
        assertThat(plan.network().aggAddrAuto()).isTrue();
        assertThat(plan.network().aggPort()).isEmpty();
        assertThat(plan.aggregatorPort()).isBetween(Plan.AUTO_PORT_MIN, Plan.AUTO_PORT_MAX);
        assertThat(plan.tasks()).containsOnlyKeys("aggregated_model_validation", "train",
                "locally_tuned_model_validation");
        assertThat(plan.task("aggregated_model_validation").orElseThrow().apply()).contains(TaskSpec.Apply.GLOBAL);
        assertThat(plan.assigner()).isInstanceOf(Assigner.RandomGrouped.class);
        assertThat(plan.stragglerHandlingPolicy()).isInstanceOf(StragglerPolicy.WaitForAll.class);
        assertThat(plan.taskRunner().template()).isEqualTo("fl4j.dl4j.KerasRunner");
        assertThat(plan.taskRunner().settings().getString("model", "")).isEqualTo("code/keras_cnn_mnist.json");
        assertThat(plan.taskRunner().settings().path()).isEqualTo("task_runner.settings");
        assertThat(plan.dataLoader().settings().getInt("collaborator_count", 0)).isEqualTo(2);
        assertThat(plan.collaborators()).containsExactly("one", "two");
        assertThat(plan.dataPath("two")).contains("2");
        assertThat(plan.hash()).hasSize(96).matches("[0-9a-f]+");
    }

    @Test
    void read_override_changesValueAndHash() {
        TestPlans.kerasWorkspace(dir);
        Plan plain = PlanReader.read(dir);
        Plan five = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.rounds_to_train", "5"));
        assertThat(five.aggregator().roundsToTrain()).isEqualTo(5);
        assertThat(five.hash()).isNotEqualTo(plain.hash());
    }

    @Test
    void read_uploadSettings_defaultsAndOverrides() {
        TestPlans.kerasWorkspace(dir);
        Plan plain = PlanReader.read(dir);
        Plan lean = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.update_staging", "disk",
                "aggregator.settings.max_concurrent_uploads", "1"));

        assertThat(plain.aggregator().updateStaging()).isEqualTo(UpdateStaging.AUTO);
        assertThat(plain.aggregator().maxConcurrentUploads()).isEqualTo(2);
        assertThat(lean.aggregator().updateStaging()).isEqualTo(UpdateStaging.DISK);
        assertThat(lean.aggregator().maxConcurrentUploads()).isEqualTo(1);
        assertThat(lean.hash()).isNotEqualTo(plain.hash());
        assertThat(PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.update_staging", "memory"))
                .aggregator().updateStaging()).isEqualTo(UpdateStaging.MEMORY);
    }

    @Test
    void read_dashboardSettings_offByDefaultThenLocalhostOrOperator() {
        TestPlans.kerasWorkspace(dir);
        Plan plain = PlanReader.read(dir);
        Plan served = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.dashboard_port", "8443"));
        Plan operators = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.dashboard_port", "8443",
                "aggregator.settings.dashboard_address", "0.0.0.0", "aggregator.settings.dashboard_access", "operator"));

        assertThat(plain.aggregator().dashboardPort()).isZero();
        assertThat(served.aggregator().dashboardPort()).isEqualTo(8443);
        assertThat(served.aggregator().dashboardAddress()).isEqualTo("127.0.0.1");
        assertThat(served.aggregator().dashboardAccess()).isEqualTo("localhost");
        assertThat(operators.aggregator().dashboardAddress()).isEqualTo("0.0.0.0");
        assertThat(operators.aggregator().dashboardAccess()).isEqualTo("operator");
        assertThat(served.hash()).isNotEqualTo(plain.hash()).isNotEqualTo(operators.hash());
    }

    @Test
    void read_unknownDashboardAccess_namesTheKeyAndTheChoices() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir),
                Map.of("aggregator.settings.dashboard_access", "everyone")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("aggregator.settings.dashboard_access must be one of localhost, operator, found"
                        + " 'everyone'");
    }

    @Test
    void read_negativeRounds_reportsPathAndLine() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir),
                Map.of("aggregator.settings.rounds_to_train", "-3")))
                .isInstanceOf(PlanException.class)
                .hasMessage("--set aggregator.settings.rounds_to_train=-3: aggregator.settings.rounds_to_train"
                        + " must be > 0, found -3");
    }

    @Test
    void read_sameTemplateInTwoWorkspaces_sameHashAndPort() {
        Plan a = PlanReader.read(TestPlans.kerasWorkspace(dir.resolve("a")));
        Plan b = PlanReader.read(TestPlans.kerasWorkspace(dir.resolve("b")));
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.federationId()).isEqualTo(b.federationId()).startsWith("fl4j-").hasSize(21);
        assertThat(a.aggregatorPort()).isEqualTo(b.aggregatorPort());
    }

    @Test
    void hash_ignoresColsAndData() {
        Plan a = PlanReader.read(TestPlans.kerasWorkspace(dir.resolve("a")));
        Plan b = PlanReader.read(TestPlans.workspace(dir.resolve("b"), "keras_cnn_mnist", "x"));
        assertThat(b.collaborators()).containsExactly("x");
        assertThat(a.hash()).isEqualTo(b.hash());
    }

    @Test
    void hash_sameForSettingsWrittenOutOrLeftToDefaults() {
        TestPlans.kerasWorkspace(dir);
        Plan implicit = PlanReader.read(dir);
        Plan explicit = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.db_store_rounds", 2,
                "network.settings.agg_port", "auto", "collaborator.settings.threads", "1"));
        assertThat(explicit.hash()).isEqualTo(implicit.hash());
    }

    @Test
    void aggregatorPort_explicit_isTaken() {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("network.settings.agg_port", 50051));
        assertThat(plan.aggregatorPort()).isEqualTo(50051);
        assertThat(plan.network().aggPort()).hasValue(50051);
    }

    @Test
    void read_overrideIntoList_byIndex() {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("assigner.settings.task_groups.0.name", "everyone"));
        assertThat(((Assigner.RandomGrouped) plan.assigner()).taskGroups().get(0).name()).isEqualTo("everyone");
    }

    @Test
    void read_overrideWithYamlList_isAList() {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("network.settings.tls_versions", "[TLSv1.2, TLSv1.3]"));
        assertThat(plan.network().tlsVersions()).containsExactly("TLSv1.2", "TLSv1.3");
    }

    @Test
    void read_overrideNewFreeFormSetting_reachesSettings() {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("task_runner.settings.learning_rate", "0.01"));
        assertThat(plan.taskRunner().settings().getDouble("learning_rate", 0)).isEqualTo(0.01);
    }

    @Test
    void read_overrideUnknownKey_reportsOverrideWithSuggestion() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.rounds", "5")))
                .isInstanceOf(PlanException.class)
                .hasMessage("--set aggregator.settings.rounds=5: unknown key 'rounds' in aggregator.settings"
                        + " (did you mean 'rounds_to_train'?)");
    }

    @Test
    void read_overrideThroughScalar_isRefused() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir),
                Map.of("aggregator.settings.rounds_to_train.max", "5")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("cannot set aggregator.settings.rounds_to_train.max:"
                        + " aggregator.settings.rounds_to_train is '10'");
    }

    @Test
    void read_overrideWithEmptyPath_isRefused() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of("aggregator..rounds_to_train", "5")))
                .isInstanceOf(PlanException.class).hasMessageContaining("an override needs a dotted path");
    }

    @Test
    void read_missingPlanFile_namesIt() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(dir, Path.of("plan/nope.yaml"), null, null))
                .isInstanceOf(PlanException.class).hasMessage("plan/nope.yaml: file not found");
    }

    @Test
    void read_missingColsFile_namesIt() throws Exception {
        TestPlans.kerasWorkspace(dir);
        java.nio.file.Files.delete(dir.resolve("plan/cols.yaml"));
        assertThatThrownBy(() -> PlanReader.read(dir))
                .isInstanceOf(PlanException.class).hasMessage("plan/cols.yaml: file not found");
    }

    @Test
    void read_emptyCols_hasNoCollaborators() {
        TestPlans.workspace(dir, "keras_cnn_mnist");
        assertThat(PlanReader.read(dir).collaborators()).isEmpty();
    }

    @Test
    void read_aliasBomb_isRefused() {
        TestPlans.kerasWorkspace(dir);
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        TestPlans.write(dir, "plan/plan.yaml", yaml.toString());
        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml");
    }

    @Test
    void read_currentPointer_selectsPlan() throws Exception {
        TestPlans.kerasWorkspace(dir);
        String text = java.nio.file.Files.readString(dir.resolve("plan/plan.yaml"))
                .replace("rounds_to_train: 10", "rounds_to_train: 3");
        TestPlans.write(dir, "plan/short.yaml", text);
        TestPlans.write(dir, PlanFiles.CURRENT_POINTER, "plan/short.yaml\n");
        assertThat(PlanReader.read(dir).aggregator().roundsToTrain()).isEqualTo(3);
    }

    @Test
    void read_validFixtures_haveTheirSettings() throws Exception {
        TestPlans.kerasWorkspace(dir);
        java.nio.file.Files.copy(Path.of(getClass().getResource("/plans/valid/static_cutoff.plan.yaml").toURI()),
                dir.resolve("plan/plan.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Plan plan = PlanReader.read(dir);
        assertThat(plan.assigner()).isEqualTo(new Assigner.StaticGrouped(java.util.List.of(
                new Assigner.StaticGroup("trainers", java.util.List.of("aggregated_model_validation", "train",
                        "locally_tuned_model_validation"), java.util.List.of("one")),
                new Assigner.StaticGroup("checkers", java.util.List.of("aggregated_model_validation"),
                        java.util.List.of("two")))));
        assertThat(plan.stragglerHandlingPolicy()).isEqualTo(new StragglerPolicy.CutoffTime(90.5, 1));
        assertThat(((StragglerPolicy.CutoffTime) plan.stragglerHandlingPolicy()).cutoff())
                .isEqualTo(java.time.Duration.ofMillis(90_500));
    }

    @Test
    void hash_ignoresCommentsAndKeyOrder() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(dir);
        TestPlans.write(dir, "plan/other.yaml", """
                # the same plan, written differently
                tasks:
                  train: {function: train, kwargs: {epochs: 1, metrics: [loss]}}
                  defaults: plan/defaults/tasks.yaml
                task_runner: {settings: {model: code/keras_cnn_mnist.json}, template: fl4j.dl4j.KerasRunner}
                data_loader:
                  settings: {split: round_robin, batch_size: 32, collaborator_count: 2}
                  template: fl4j.data.MnistShards
                aggregator:
                  settings:
                    rounds_to_train: 10
                    last_state_path: save/keras_cnn_mnist_last.fl4j
                    best_state_path: save/keras_cnn_mnist_best.fl4j
                    init_state_path: save/keras_cnn_mnist_init.fl4j
                  defaults: plan/defaults/aggregator.yaml
                assigner: {defaults: plan/defaults/assigner.yaml}
                """);
        assertThat(PlanReader.read(dir, Path.of("plan/other.yaml"), null, null).hash()).isEqualTo(plan.hash());
    }
}
