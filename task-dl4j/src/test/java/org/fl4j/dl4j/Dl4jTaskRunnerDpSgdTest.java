package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.DpSgdSteps;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The runner's DP-SGD path: FedProx with it, learning under noise, its schedule, refusals. */
class Dl4jTaskRunnerDpSgdTest {

    @TempDir
    Path workspace;

    private static TaskContext train(Map<String, Object> kwargs) {
        return new TaskContext("one", 1, "train", new Settings("tasks.train.kwargs", kwargs), OptTreatment.RESET);
    }

    private static TaskContext validate() {
        return new TaskContext("one", 1, "aggregated_model_validation", Settings.empty(), OptTreatment.RESET);
    }

    private static ModelSpec mlp(boolean batchNorm) {
        var list = new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.2)).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(784).nOut(12).activation(Activation.TANH).build());
        if (batchNorm) {
            list.layer(new BatchNormalization.Builder().name("norm").nOut(12).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(12).nOut(10)
                .activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new ModelSpec(new Network(net), new int[] {784}, "test MLP");
    }

    @Test
    void train_fedProxWithoutNoiseOrClippingOnTheWholeSet_equalsPlainFedProx() throws Exception {
        LocalData digits = Fixtures.digits(96, 20);
        Map<String, Object> kwargs = Map.of("epochs", 3, "batch_size", 96, "mu", 0.5);
        Dl4jTaskRunner dp = new Dl4jTaskRunner("one", mlp(false), digits, Settings.empty(), 1);
        Dl4jTaskRunner plain = new Dl4jTaskRunner("one", mlp(false), digits, Settings.empty(), 1);
        Dl4jTaskRunner noProx = new Dl4jTaskRunner("one", mlp(false), digits, Settings.empty(), 1);
        dp.useDpSgd(new DpSgdConfig(0, 1e30));

        dp.train(train(kwargs));
        plain.train(train(kwargs));
        noProx.train(train(Map.of("epochs", 3, "batch_size", 96)));

        var a = dp.network().flatParams();
        assertThat(a.sub(plain.network().flatParams()).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(a.sub(noProx.network().flatParams()).amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @Test
    void train_dpSgdOnRealDigits_learnsDespiteTheNoise() throws Exception {
        String model = Fixtures.copy(Fixtures.KERAS_CNN, workspace);
        Settings sgd = new Settings("task_runner.settings", Map.of("model", model, "optimizer", "sgd",
                "learning_rate", 1.0));
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", Models.build(Models.Kind.KERAS, workspace, sgd, 3),
                Fixtures.digits(1000, 300), sgd, 3);
        double before = runner.validate(validate()).metrics().get("accuracy");
        runner.useDpSgd(new DpSgdConfig(0.7, 1.0));

        var result = runner.train(train(Map.of("epochs", 4, "batch_size", 50)));
        double after = runner.validate(validate()).metrics().get("accuracy");

        assertThat(result.sampleCount()).isEqualTo(1000);
        assertThat(after).isGreaterThan(0.6).isGreaterThan(before + 0.3);
    }

    @Test
    void dpSgdSteps_areEpochsTimesRoundedBatchesAtBatchOverRecords() throws Exception {
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(false), Fixtures.digits(800, 20),
                new Settings("task_runner.settings", Map.of("batch_size", 48)), 1);

        assertThat(runner.dpSgdSteps(train(Map.of("epochs", 3)))).isEqualTo(new DpSgdSteps(0.06, 51));
        assertThat(runner.dpSgdSteps(train(Map.of("batch_size", 32)))).isEqualTo(new DpSgdSteps(0.04, 25));
    }

    @Test
    void useDpSgd_batchNormalization_isRefusedNamingTheLayer() throws Exception {
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(true), Fixtures.digits(50, 10), Settings.empty(), 1);

        assertThatThrownBy(() -> runner.useDpSgd(new DpSgdConfig(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("one: record-level differential privacy: layer 'norm' (BatchNormalization)"
                        + " normalises over the batch");
    }
}
