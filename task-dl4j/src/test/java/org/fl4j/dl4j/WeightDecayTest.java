package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code weight_decay} on the keras_cnn_mnist model: one step with it is the step without it minus
 * {@code learning rate * weight_decay} times the weights (biases untouched), in plain and DP-SGD training.
 */
class WeightDecayTest {

    private static final int RECORDS = 64;

    @TempDir
    Path workspace;

    private Dl4jTaskRunner runner(LocalData digits, Double decay, boolean dpSgd) throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("model", Fixtures.copy(Fixtures.KERAS_CNN, workspace),
                "optimizer", "sgd", "learning_rate", 0.5));
        if (decay != null) {
            values.put("weight_decay", decay);
        }
        Settings settings = new Settings("task_runner.settings", values);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", Models.build(Models.Kind.KERAS, workspace, settings, 4),
                digits, settings, 4);
        if (dpSgd) {
            runner.useDpSgd(new DpSgdConfig(0, 1e30));
        }
        return runner;
    }

    /** One step on the whole set (DP-SGD: sampling rate 1, no clipping, no noise). */
    private static void step(Dl4jTaskRunner runner) {
        runner.train(new TaskContext("one", 0, "train", new Settings("tasks.train.kwargs",
                Map.of("epochs", 1, "batch_size", RECORDS)), OptTreatment.RESET));
    }

    @ParameterizedTest(name = "DP-SGD {0}")
    @ValueSource(booleans = {false, true})
    void train_weightDecay_shrinksEveryWeightByRateTimesDecay(boolean dpSgd) throws Exception {
        LocalData digits = Fixtures.digits(RECORDS, 20);
        Dl4jTaskRunner decayed = runner(digits, 0.1, dpSgd);
        Dl4jTaskRunner plain = runner(digits, null, dpSgd);
        Map<String, INDArray> before = new HashMap<>();
        plain.network().params().forEach((k, v) -> before.put(k, v.dup()));

        step(decayed);
        step(plain);

        int weights = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray difference = decayed.network().params().get(e.getKey()).sub(plain.network().params()
                    .get(e.getKey()));
            INDArray expected = e.getKey().endsWith("/W") ? e.getValue().mul(-0.5 * 0.1) : e.getValue().mul(0);
            weights += e.getKey().endsWith("/W") ? 1 : 0;
            assertThat(difference.sub(expected).amaxNumber().doubleValue()).as(e.getKey())
                    .isLessThan(1e-5 + 1e-3 * e.getValue().amaxNumber().doubleValue());
        }
        assertThat(weights).isEqualTo(4);
    }

    @Test
    void build_negativeWeightDecay_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> runner(Fixtures.digits(RECORDS, 20), -1.0, false))
                .isInstanceOf(SettingsException.class)
                .hasMessage("task_runner.settings.weight_decay must be >= 0, found -1.0");
    }
}
