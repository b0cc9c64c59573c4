package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskRunnerFactory;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.workspace.WorkspaceCreator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A keras_cnn_mnist workspace whose plan's {@code model} is a Keras {@code .h5} file with weights. */
class KerasRunnerH5Test {

    @TempDir
    Path dir;

    private Path workspace() throws Exception {
        Path ws = WorkspaceCreator.create(dir, Path.of("ws"), "keras_cnn_mnist");
        assertThat(Fixtures.copy(KerasH5Fixtures.CNN, ws)).isEqualTo("code/keras_cnn_mnist.h5");
        Path plan = ws.resolve("plan/plan.yaml");
        String yaml = Files.readString(plan);
        assertThat(yaml).contains("model: code/keras_cnn_mnist.json");
        Files.writeString(plan, yaml.replace("model: code/keras_cnn_mnist.json", "model: code/keras_cnn_mnist.h5"));
        return ws;
    }

    @Test
    void planInitialize_h5WithWeights_writesTheFileWeightsAsTheRound0Model() throws Exception {
        Path ws = workspace();
        Plan plan = PlanReader.read(ws);

        SavedModel init = ModelFile.read(InitialModels.write(ws, plan));

        assertThat(init.round()).isZero();
        assertThat(init.provenance()).containsEntry("model", "code/keras_cnn_mnist.h5")
                .containsEntry("task_runner", "fl4j.dl4j.KerasRunner").containsEntry("plan_hash", plan.hash());
        Map<String, float[]> expected = KerasH5Fixtures.asFl4jTensors(
                KerasH5Fixtures.kerasWeights(ws.resolve("code/keras_cnn_mnist.h5")));
        assertThat(init.weights().tensors()).extracting(Tensor::name)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertThat(init.weights().get(e.getKey()).orElseThrow().values()).as(e.getKey())
                    .containsExactly(e.getValue());
        }
    }

    @Test
    void kerasRunner_h5Model_startsFromTheFileWeightsTrainsOneEpochOnItsShardAndValidates() throws Exception {
        Path ws = workspace();
        Plan plan = PlanReader.read(ws);
        SavedModel init = InitialModels.build(ws, plan);
        TaskRunnerFactory factory = ServiceLoader.load(TaskRunnerFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.template().equals("fl4j.dl4j.KerasRunner"))
                .findFirst().orElseThrow();
        TaskContext validate = new TaskContext("one", 1, "aggregated_model_validation", Settings.empty(),
                OptTreatment.RESET);

        try (TaskRunner runner = factory.create(new RunnerContext(ws, "one", plan.dataPaths().get("one"),
                plan.taskRunner().settings(), plan.dataLoader().settings(), plan.aggregator().seed(), 1))) {
            assertThat(runner.weights()).isEqualTo(init.weights());
            double before = runner.validate(validate).metrics().get("accuracy");

            TaskResult trained = runner.train(new TaskContext("one", 1, "train", plan.tasks().get("train").kwargs(),
                    OptTreatment.RESET));
            TaskResult after = runner.validate(validate);

            assertThat(trained.sampleCount()).isEqualTo(4000);
            assertThat(trained.metrics()).containsOnlyKeys("loss");
            assertThat(after.sampleCount()).isEqualTo(1000);
            assertThat(after.metrics().get("accuracy")).isGreaterThan(0.85).isGreaterThan(before + 0.5);
        }
    }
}
