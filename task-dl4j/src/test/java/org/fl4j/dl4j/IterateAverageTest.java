package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code ema_decay}: a train task ends on the moving average of its iterates, in plain and DP-SGD training. */
class IterateAverageTest {

    private static final int RECORDS = 96;

    private static TaskContext train(Map<String, Object> kwargs) {
        return new TaskContext("one", 1, "train", new Settings("tasks.train.kwargs", kwargs), OptTreatment.RESET);
    }

    /** Plain SGD (no optimizer state), so a task of one epoch continues exactly where the previous one ended. */
    private static ModelSpec mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(8)
                .updater(new Sgd(0.5)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return new ModelSpec(new Network(net), new int[] {784}, "test MLP");
    }

    /** With the whole set as the batch (DP-SGD: sampling rate 1, no clipping, no noise) each epoch is one step. */
    private static Dl4jTaskRunner runner(LocalData digits, boolean dpSgd) throws Exception {
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(), digits, Settings.empty(), 1);
        if (dpSgd) {
            runner.useDpSgd(new DpSgdConfig(0, 1e30));
        }
        return runner;
    }

    @ParameterizedTest(name = "DP-SGD {0}")
    @ValueSource(booleans = {false, true})
    void train_emaDecay_endsOnTheMovingAverageOfTheSteps(boolean dpSgd) throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        double decay = 0.6;
        Dl4jTaskRunner stepwise = runner(digits, dpSgd);
        INDArray[] iterates = new INDArray[4];
        iterates[0] = stepwise.network().flatParams().dup();
        for (int step = 1; step <= 3; step++) {
            stepwise.train(train(Map.of("epochs", 1, "batch_size", RECORDS)));
            iterates[step] = stepwise.network().flatParams().dup();
        }
        INDArray expected = iterates[0].mul(Math.pow(decay, 3));
        for (int step = 1; step <= 3; step++) {
            expected.addi(iterates[step].mul((1 - decay) * Math.pow(decay, 3 - step)));
        }
        Dl4jTaskRunner averaged = runner(digits, dpSgd);

        averaged.train(train(Map.of("epochs", 3, "batch_size", RECORDS, "ema_decay", decay)));

        INDArray result = averaged.network().flatParams();
        double scale = iterates[3].sub(iterates[0]).norm2Number().doubleValue();
        assertThat(result.sub(expected).norm2Number().doubleValue()).isLessThan(1e-4 * scale);
        assertThat(result.sub(iterates[3]).norm2Number().doubleValue()).as("not the last iterate")
                .isGreaterThan(0.1 * scale);
    }

    @Test
    void train_emaDecayFromTheRunnerSettings_appliesAndTheKwargWins() throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        Settings settings = new Settings("task_runner.settings", Map.of("ema_decay", 0.5));
        Dl4jTaskRunner fromSettings = new Dl4jTaskRunner("one", mlp(), digits, settings, 1);
        Dl4jTaskRunner offByKwarg = new Dl4jTaskRunner("one", mlp(), digits, settings, 1);
        Dl4jTaskRunner plain = new Dl4jTaskRunner("one", mlp(), digits, Settings.empty(), 1);
        Map<String, Object> kwargs = Map.of("epochs", 2, "batch_size", RECORDS);

        fromSettings.train(train(kwargs));
        offByKwarg.train(train(Map.of("epochs", 2, "batch_size", RECORDS, "ema_decay", 0)));
        plain.train(train(kwargs));

        INDArray last = plain.network().flatParams();
        assertThat(offByKwarg.network().flatParams().sub(last).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(fromSettings.network().flatParams().sub(last).amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @Test
    void train_emaDecayOutOfRange_isRefusedNamingTheKey() throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(), digits,
                new Settings("task_runner.settings", Map.of("ema_decay", -0.1)), 1);

        assertThatThrownBy(() -> runner.train(train(Map.of("ema_decay", 1.0))))
                .isInstanceOf(SettingsException.class)
                .hasMessage("tasks.train.kwargs.ema_decay must be at least 0 and below 1 (0: no averaging), found 1.0");
        assertThatThrownBy(() -> runner.train(train(Map.of())))
                .isInstanceOf(SettingsException.class)
                .hasMessage("task_runner.settings.ema_decay must be at least 0 and below 1 (0: no averaging), found"
                        + " -0.1");
    }
}
