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
    void read_negativeRounds_reportsPathAndLine() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir),
                Map.of("aggregator.settings.rounds_to_train", "-3")))
                .isInstanceOf(PlanException.class)
                .hasMessage("--set aggregator.settings.rounds_to_train=-3: aggregator.settings.rounds_to_train"
                        + " must be > 0, found -3");
    }
}
