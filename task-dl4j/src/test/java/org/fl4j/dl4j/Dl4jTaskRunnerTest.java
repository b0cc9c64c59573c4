package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class Dl4jTaskRunnerTest {

    @TempDir
    Path workspace;

    private static TaskContext train(long round, OptTreatment opt, Map<String, Object> kwargs) {
        return new TaskContext("one", round, "train", new Settings("tasks.train.kwargs", kwargs), opt);
    }

    private static TaskContext validate() {
        return new TaskContext("one", 1, "aggregated_model_validation", Settings.empty(), OptTreatment.RESET);
    }

    private Dl4jTaskRunner runner(LocalData data) throws Exception {
        return new Dl4jTaskRunner("one", Fixtures.kerasCnn(workspace, 3), data, Settings.empty(), 3);
    }

    @Test
    void train_kerasCnnOnRealDigits_learnsWellAboveChance() throws Exception {
        Dl4jTaskRunner runner = runner(Fixtures.digits(800, 300));
        double before = runner.validate(validate()).metrics().get("accuracy");

        TaskResult trained = runner.train(train(1, OptTreatment.RESET, Map.of("epochs", 3, "batch_size", 32)));
        TaskResult after = runner.validate(validate());

        assertThat(trained.sampleCount()).isEqualTo(800);
        assertThat(trained.metrics()).containsOnlyKeys("loss");
        assertThat(trained.metrics().get("loss")).isBetween(0.0, 1.5);
        assertThat(after.sampleCount()).isEqualTo(300);
        assertThat(after.metrics()).containsOnlyKeys("accuracy", "loss");
        assertThat(after.metrics().get("accuracy")).isGreaterThan(0.6).isGreaterThan(before + 0.3);
    }

    @Test
    void train_reportsProgressOfEveryEpochToTheListener() throws Exception {
        Dl4jTaskRunner runner = runner(Fixtures.digits(100, 20));
        java.util.List<String> events = new java.util.ArrayList<>();
        runner.setProgress(new org.fl4j.collaborator.spi.TrainingProgress() {
            @Override
            public void epochStarted(String task, int epoch, int epochs, long samples) {
                events.add("start " + task + " " + epoch + "/" + epochs + " of " + samples);
            }

            @Override
            public void samplesDone(long samples) {
                events.add("done " + samples);
            }

            @Override
            public void epochFinished(double loss) {
                events.add("end " + (loss > 0));
            }
        });

        runner.train(train(1, OptTreatment.RESET, Map.of("epochs", 2, "batch_size", 32)));

        assertThat(events).containsExactly("start train 1/2 of 100", "done 32", "done 64", "done 96", "done 100",
                "end true", "start train 2/2 of 100", "done 32", "done 64", "done 96", "done 100", "end true");
    }

    @Test
    void train_sameSeedAndWeights_isReproducible() throws Exception {
        LocalData data = Fixtures.digits(128, 50);
        Dl4jTaskRunner a = runner(data);
        Dl4jTaskRunner b = runner(data);
        b.setWeights(a.weights());

        a.train(train(1, OptTreatment.RESET, Map.of()));
        b.train(train(1, OptTreatment.RESET, Map.of()));

        assertThat(b.weights()).isEqualTo(a.weights());
    }

    @Test
    void continueGlobal_sharesAdamStateAsTensors_reset_zeroesIt() throws Exception {
        Dl4jTaskRunner runner = runner(Fixtures.digits(64, 20));
        assertThat(runner.weights().tensors()).noneMatch(t -> t.name().startsWith("opt/"));

        runner.train(train(1, OptTreatment.CONTINUE_GLOBAL, Map.of()));
        ModelWeights shared = runner.weights();

        assertThat(shared.get("opt/dense/W/M")).get().extracting(Tensor::shape).isEqualTo(new int[] {800, 100});
        assertThat(shared.get("opt/conv2d/b/V")).isPresent();
        assertThat(shared.tensorCount()).isEqualTo(8 * 3);
        assertThat(maxAbs(shared.get("opt/dense/W/M").orElseThrow())).isGreaterThan(0f);

        Dl4jTaskRunner other = runner(Fixtures.digits(64, 20));
        other.setWeights(shared);
        assertThat(other.weights()).isEqualTo(shared);

        OptimizerState.reset(runner.network());
        assertThat(maxAbs(runner.weights().get("opt/dense/W/M").orElseThrow())).isZero();
    }

    @Test
    void fedProx_largeMu_keepsWeightsNearTheGlobalModel() throws Exception {
        LocalData data = Fixtures.digits(256, 20);
        Dl4jTaskRunner plain = runner(data);
        Dl4jTaskRunner prox = runner(data);
        INDArray global = plain.network().flatParams().dup();

        plain.train(train(1, OptTreatment.RESET, Map.of("epochs", 2)));
        prox.train(train(1, OptTreatment.RESET, Map.of("epochs", 2, "mu", 5.0)));

        double plainDrift = plain.network().flatParams().distance2(global);
        double proxDrift = prox.network().flatParams().distance2(global);
        assertThat(proxDrift).isLessThan(plainDrift * 0.5);
    }

    @Test
    void create_imagesOfAnotherSize_namesDataAndModel() throws Exception {
        LabeledData big = new LabeledData("data/big/train-images-idx3-ubyte", new int[] {32, 32},
                new float[4 * 1024], new int[] {0, 1, 2, 3}, 10);

        assertThatThrownBy(() -> runner(new LocalData(big, big)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("data/big/train-images-idx3-ubyte: samples of shape [32, 32] (1024 values) do"
                        + " not fit the model ")
                .hasMessageEndingWith("keras_cnn_mnist.json, which takes inputs of shape [1, 28, 28]");
    }

    @Test
    void create_moreClassesThanOutputs_isRefused() throws Exception {
        LabeledData d = new LabeledData("letters", new int[] {28, 28}, new float[2 * 784], new int[] {0, 1}, 26);

        assertThatThrownBy(() -> runner(new LocalData(d, d)))
                .hasMessageEndingWith("the data has 26 classes but the model " + workspace.resolve(
                        "code/keras_cnn_mnist.json") + " outputs 10");
    }

    private static float maxAbs(Tensor t) {
        float m = 0;
        for (float v : t.values()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
