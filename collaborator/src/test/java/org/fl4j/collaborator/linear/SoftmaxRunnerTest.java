package org.fl4j.collaborator.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java runner on real MNIST digits (the embedded sample, shard 1 of 3). */
class SoftmaxRunnerTest {

    @TempDir
    Path workspace;

    private TaskRunner runner(String collaborator) throws Exception {
        return new SoftmaxRunnerFactory().create(new RunnerContext(workspace, collaborator, "1",
                new Settings("task_runner.settings", Map.of("learning_rate", 0.1)),
                new Settings("data_loader.settings", Map.of("collaborator_count", 3)), 11, 1));
    }

    private static TaskContext task(String name, Map<String, Object> kwargs) {
        return new TaskContext("alpha", 0, name, new Settings("tasks." + name + ".kwargs", kwargs), OptTreatment.RESET);
    }

    @Test
    void train_oneEpochOnAShard_validationAccuracyAbove85Percent() throws Exception {
        TaskRunner r = runner("alpha");
        Map<String, Double> before = r.validate(task("v", Map.of("metrics", List.of("accuracy", "loss")))).metrics();

        TaskResult trained = r.train(task("train", Map.of("epochs", 1, "batch_size", 32)));
        TaskResult validated = r.validate(task("v", Map.of("metrics", List.of("accuracy", "loss"))));

        assertThat(before.get("accuracy")).isLessThan(0.2);
        assertThat(before.get("loss")).isCloseTo(Math.log(10), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(trained.sampleCount()).isEqualTo(r.trainingSampleCount()).isGreaterThan(2000);
        assertThat(trained.metrics()).containsOnlyKeys("loss");
        assertThat(validated.metrics().get("accuracy")).isGreaterThan(0.85);
        assertThat(validated.metrics().get("loss")).isLessThan(before.get("loss") / 2);
        assertThat(validated.sampleCount()).isEqualTo(r.validationSampleCount());
    }

    @Test
    void train_sameSeedRoundAndStart_sameWeights() throws Exception {
        TaskRunner a = runner("alpha");
        TaskRunner b = runner("alpha");

        a.train(task("train", Map.of()));
        b.train(task("train", Map.of()));

        assertThat(a.weights()).isEqualTo(b.weights());
    }

    @Test
    void setWeights_thenWeights_roundTrips() throws Exception {
        TaskRunner a = runner("alpha");
        a.train(task("train", Map.of()));
        ModelWeights trained = a.weights();
        TaskRunner b = runner("bravo");

        b.setWeights(trained);

        assertThat(b.weights()).isEqualTo(trained);
        assertThat(b.validate(task("v", Map.of())).metrics()).isEqualTo(a.validate(task("v", Map.of())).metrics());
    }

    @Test
    void setWeights_wrongShape_namesTheTensor() throws Exception {
        TaskRunner r = runner("alpha");
        ModelWeights bad = new ModelWeights(List.of(new Tensor("softmax/W", new int[] {10, 784}, new float[7840]),
                new Tensor("softmax/b", new int[] {10}, new float[10])));

        assertThatThrownBy(() -> r.setWeights(bad)).hasMessageContaining("softmax/W must have shape [784, 10]");
    }

    @Test
    void validate_unknownMetric_saysWhichAreComputed() throws Exception {
        TaskRunner r = runner("alpha");

        assertThatThrownBy(() -> r.validate(task("v", Map.of("metrics", List.of("f1")))))
                .hasMessageContaining("metric 'f1'").hasMessageContaining("accuracy, acc, loss");
    }
}
