package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.workspace.WorkspaceCreator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fed_eval_mnist's runner with task_runner.settings.candidates: the shipped trained model and an untrained one. */
class CandidateModelsTest {

    @TempDir
    Path dir;

    private TaskRunner runner(Path ws, List<String> candidates) throws Exception {
        Plan plan = PlanReader.read(ws);
        Map<String, Object> settings = new java.util.LinkedHashMap<>(plan.taskRunner().settings().asMap());
        settings.put("candidates", new ArrayList<>(candidates));
        return new KerasRunnerFactory().create(new RunnerContext(ws, "one", "1",
                new Settings("task_runner.settings", settings), plan.dataLoader().settings(), 0, 1));
    }

    @Test
    void validate_twoCandidates_reportsEachModelsMetricsAndKeepsTheGivenWeights() throws Exception {
        Path ws = WorkspaceCreator.create(dir, Path.of("ws"), "fed_eval_mnist");
        Path same = WorkspaceCreator.create(dir, Path.of("same"), "keras_cnn_mnist");
        ModelFile.write(ws.resolve("code/untrained.fl4j"), InitialModels.build(same, PlanReader.read(same)));
        try (TaskRunner runner = runner(ws, List.of("code/keras_cnn_mnist_trained.fl4j", "code/untrained.fl4j"))) {
            var before = runner.weights();

            TaskResult r = runner.validate(new TaskContext("one", 0, "aggregated_model_validation", Settings.empty(),
                    OptTreatment.RESET));

            assertThat(r.metrics()).containsOnlyKeys("keras_cnn_mnist_trained/accuracy", "keras_cnn_mnist_trained/loss",
                    "untrained/accuracy", "untrained/loss");
            assertThat(r.metrics().get("keras_cnn_mnist_trained/accuracy")).isGreaterThan(0.93);
            assertThat(r.metrics().get("untrained/accuracy")).isLessThan(0.5);
            assertThat(r.sampleCount()).isEqualTo(1000);
            assertThat(runner.weights().tensors().get(0).values()).containsExactly(before.tensors().get(0).values());
        }
    }

    @Test
    void create_candidateOfAnotherModel_errorNamesTheFile() throws Exception {
        Path other = WorkspaceCreator.create(dir, Path.of("mlp"), "dl4j_mlp_mnist");
        Path ws = WorkspaceCreator.create(dir, Path.of("ws"), "fed_eval_mnist");
        ModelFile.write(ws.resolve("code/mlp.fl4j"), InitialModels.build(other, PlanReader.read(other)));

        assertThatThrownBy(() -> runner(ws, List.of("code/mlp.fl4j"))).isInstanceOf(ModelException.class)
                .hasMessageContaining("task_runner.settings.candidates").hasMessageContaining("mlp.fl4j")
                .hasMessageContaining("does not fit the plan's model");
    }
}
