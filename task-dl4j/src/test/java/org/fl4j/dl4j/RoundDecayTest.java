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
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@code learning_rate_decay}: round r's step is {@code decay^r} times round 0's, in plain and DP-SGD training. */
class RoundDecayTest {

    private static final int RECORDS = 96;

    private static TaskContext train(long round, Map<String, Object> kwargs) {
        return new TaskContext("one", round, "train", new Settings("tasks.train.kwargs", kwargs),
                OptTreatment.RESET);
    }

    private static ModelSpec mlp(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(784).nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(12).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return new ModelSpec(new Network(net), new int[] {784}, "test MLP");
    }

    /** One full-batch step (DP-SGD: sampling rate 1, no clipping, no noise) of round {@code round}. */
    private static INDArray step(Dl4jTaskRunner runner, long round, Map<String, Object> extra) {
        INDArray before = runner.network().flatParams().dup();
        Map<String, Object> kwargs = new java.util.HashMap<>(Map.of("epochs", 1, "batch_size", RECORDS));
        kwargs.putAll(extra);
        runner.train(train(round, kwargs));
        INDArray step = runner.network().flatParams().sub(before);
        runner.network().flatParams().assign(before);
        return step;
    }

    @ParameterizedTest(name = "DP-SGD {0}")
    @ValueSource(booleans = {false, true})
    void train_learningRateDecay_scalesRoundRsStepByDecayToTheR(boolean dpSgd) throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(new Sgd(0.5)), digits,
                new Settings("task_runner.settings", Map.of("learning_rate_decay", 0.5)), 1);
        if (dpSgd) {
            runner.useDpSgd(new DpSgdConfig(0, 1e30));
        }
        INDArray full = step(runner, 0, Map.of());

        INDArray third = step(runner, 2, Map.of());
        INDArray undecayed = step(runner, 2, Map.of("learning_rate_decay", 1));

        double size = full.norm2Number().doubleValue();
        assertThat(size).isGreaterThan(1e-3);
        assertThat(third.sub(full.mul(0.25)).norm2Number().doubleValue()).isLessThan(1e-4 * size);
        assertThat(undecayed.sub(full).norm2Number().doubleValue()).isLessThan(1e-4 * size);
    }

    /** As in a simulation, where each round a new runner takes a pooled model the previous round decayed. */
    @Test
    void train_aNewRunnerOnTheModelAfterADecayedRound_findsTheRatesOfRoundZero() throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        ModelSpec model = mlp(new Sgd(0.5));
        Settings settings = new Settings("task_runner.settings", Map.of("learning_rate_decay", 0.5));
        Dl4jTaskRunner first = new Dl4jTaskRunner("one", model, digits, settings, 1);
        INDArray full = step(first, 0, Map.of());
        step(first, 3, Map.of());

        Dl4jTaskRunner next = new Dl4jTaskRunner("one", model, digits, settings, 1);
        INDArray second = step(next, 1, Map.of());

        double size = full.norm2Number().doubleValue();
        assertThat(second.sub(full.mul(0.5)).norm2Number().doubleValue()).isLessThan(1e-4 * size);
    }

    @Test
    void train_learningRateDecayOutOfRange_isRefusedNamingTheKey() throws Exception {
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(new Sgd(0.5)), Fixtures.digits(RECORDS, 20),
                new Settings("task_runner.settings", Map.of("learning_rate_decay", 0)), 1);

        assertThatThrownBy(() -> runner.train(train(1, Map.of())))
                .isInstanceOf(SettingsException.class)
                .hasMessage("task_runner.settings.learning_rate_decay must be above 0 and at most 1 (1: the same"
                        + " learning rate every round), found 0.0");
        assertThatThrownBy(() -> runner.train(train(1, Map.of("learning_rate_decay", 1.5))))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("tasks.train.kwargs.learning_rate_decay must be above 0 and at most 1");
    }

    @Test
    void train_learningRateDecayOnAModelWithItsOwnSchedule_isRefusedNamingTheLayer() throws Exception {
        Sgd scheduled = new Sgd(new ExponentialSchedule(ScheduleType.ITERATION, 0.5, 0.99));
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", mlp(scheduled), Fixtures.digits(RECORDS, 20),
                Settings.empty(), 1);

        runner.train(train(1, Map.of("batch_size", RECORDS)));
        assertThatThrownBy(() -> runner.train(train(1, Map.of("learning_rate_decay", 0.9))))
                .isInstanceOf(SettingsException.class)
                .hasMessage("tasks.train.kwargs.learning_rate_decay: layer 'hidden' has a learning-rate schedule of"
                        + " its own, which the decay would replace: remove one of them");
    }
}
