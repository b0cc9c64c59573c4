package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fl4j.aggregation.strategy.Rounds.run;

import java.util.Map;
import org.fl4j.aggregation.AggregationException;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.StrategySettingsException;
import org.fl4j.aggregation.StrategyState;
import org.junit.jupiter.api.Test;

/** One-parameter cases computed by hand. Two updates with 1 and 2 samples: mean = (a + 2b) / 3. */
class ServerOptimizerTest {

    @Test
    void fedAvgM_momentumAccumulatesPseudoGradients() {
        AggregationStrategy s = AggregationStrategies.create("FedAvgM", Map.of("learning_rate", 1, "momentum", 0.9));
        // mean 2, d = 1: u = 1, x = 2
        float[] x = run(s, new float[] {1}, new float[] {2}, new float[] {2});
        assertThat(x).containsExactly(2f);
        // mean 2.5, d = 0.5: u = 0.9 + 0.5 = 1.4, x = 3.4
        x = run(s, x, new float[] {1.5f}, new float[] {3});
        assertThat(x[0]).isCloseTo(3.4f, within(1e-6f));
        assertThat(s.exportState()).get().satisfies(st -> {
            assertThat(st.step()).isEqualTo(2);
            assertThat(st.tensors().get("momentum")[0][0]).isCloseTo(1.4f, within(1e-6f));
        });
    }

    @Test
    void fedAdagrad_squaredPseudoGradientsAccumulate() {
        AggregationStrategy s = AggregationStrategies.create("FedAdagrad",
                Map.of("learning_rate", 0.5, "tau", 1));
        // d = 2, m = 2, v = 1 + 4 = 5, x = 1 + 0.5 * 2 / (sqrt 5 + 1) = 1 + (sqrt 5 - 1) / 4
        float[] x = run(s, new float[] {1}, new float[] {3}, new float[] {3});
        assertThat(x[0]).isEqualTo((float) (1 + (Math.sqrt(5) - 1) / 4));
    }

    @Test
    void fedAdam_twoRounds() {
        AggregationStrategy s = AggregationStrategies.create("FedAdam",
                Map.of("learning_rate", 1, "beta1", 0.5, "beta2", 0.75, "tau", 1));
        // d = 1: m = 0.5, v = 0.75 * 1 + 0.25 * 1 = 1, x = 0.5 / 2 = 0.25
        float[] x = run(s, new float[] {0}, new float[] {1}, new float[] {1});
        assertThat(x).containsExactly(0.25f);
        // d = 0: m = 0.25, v = 0.75, x = 0.25 + 0.25 / (sqrt 0.75 + 1)
        x = run(s, x, new float[] {0.25f}, new float[] {0.25f});
        assertThat(x[0]).isEqualTo((float) (0.25 + 0.25 / (Math.sqrt(0.75) + 1)));
    }

    @Test
    void fedYogi_differsFromAdamBySignedUpdate() {
        Map<String, Object> settings = Map.of("learning_rate", 1, "beta1", 0, "beta2", 0.75, "tau", 1);
        // d = 2: Yogi v = 1 - 0.25 * 4 * sign(1 - 4) = 2, x = 2 / (sqrt 2 + 1) = 2 (sqrt 2 - 1)
        assertThat(run("FedYogi", settings, new float[] {0}, new float[] {2}, new float[] {2})[0])
                .isEqualTo((float) (2 * (Math.sqrt(2) - 1)));
        // Adam: v = 0.75 + 0.25 * 4 = 1.75
        assertThat(run("FedAdam", settings, new float[] {0}, new float[] {2}, new float[] {2})[0])
                .isEqualTo((float) (2 / (Math.sqrt(1.75) + 1)));
    }

    @Test
    void meanIsWeightedBySampleCount() {
        // mean (1 * 0 + 2 * 3) / 3 = 2 = d; lr 1, momentum 0 makes FedAvgM plain FedAvg
        assertThat(run("FedAvgM", Map.of("momentum", 0), new float[] {0}, new float[] {0}, new float[] {3}))
                .containsExactly(2f);
    }

    @Test
    void exportRestore_continuesBitIdentically() {
        Map<String, Object> settings = Map.of("learning_rate", 0.3);
        AggregationStrategy straight = AggregationStrategies.create("FedAdam", settings);
        float[] x1 = run(straight, new float[] {0.5f, -1}, new float[] {1, 2}, new float[] {-3, 0.25f});
        float[] x2 = run(straight, x1, new float[] {0.1f, 0.2f}, new float[] {7, -7});

        AggregationStrategy before = AggregationStrategies.create("FedAdam", settings);
        run(before, new float[] {0.5f, -1}, new float[] {1, 2}, new float[] {-3, 0.25f});
        StrategyState state = before.exportState().orElseThrow();
        AggregationStrategy after = AggregationStrategies.create("FedAdam", settings);
        after.restoreState(state);

        assertThat(run(after, x1, new float[] {0.1f, 0.2f}, new float[] {7, -7})).containsExactly(x2);
        assertThat(after.exportState().orElseThrow().step()).isEqualTo(2);
    }

    @Test
    void restore_otherStrategysState_refused() {
        AggregationStrategy adam = AggregationStrategies.create("FedAdam", Map.of());
        run(adam, new float[] {0}, new float[] {1});
        StrategyState state = adam.exportState().orElseThrow();
        assertThatThrownBy(() -> AggregationStrategies.create("FedYogi", Map.of()).restoreState(state))
                .isInstanceOf(AggregationException.class).hasMessage("cannot restore FedAdam state into FedYogi");
        assertThatThrownBy(() -> AggregationStrategies.create("Median", Map.of()).restoreState(state))
                .hasMessageContaining("Median keeps no state");
    }

    @Test
    void restore_stateOfOtherLayout_refusedAtBegin() {
        AggregationStrategy adam = AggregationStrategies.create("FedAdam", Map.of());
        run(adam, new float[] {0}, new float[] {1});
        AggregationStrategy restored = AggregationStrategies.create("FedAdam", Map.of());
        restored.restoreState(adam.exportState().orElseThrow());
        assertThatThrownBy(() -> run(restored, new float[] {0, 0}, new float[] {1, 1}))
                .isInstanceOf(AggregationException.class)
                .hasMessageContaining("FedAdam state 'm' tensor 0 ('t0') has 1 elements, expected 2");
    }

    @Test
    void exportState_beforeFirstRound_empty() {
        assertThat(AggregationStrategies.create("FedYogi", Map.of()).exportState()).isEmpty();
    }

    @Test
    void settings_outOfRange_refused() {
        assertThatThrownBy(() -> AggregationStrategies.create("FedAdam", Map.of("learning_rate", -0.1)))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessage("learning_rate = -0.1: must be a positive finite number");
        assertThatThrownBy(() -> AggregationStrategies.create("FedYogi", Map.of("beta2", 1)))
                .hasMessage("beta2 = 1: must be in [0.0, 1.0)");
        assertThatThrownBy(() -> AggregationStrategies.create("FedAvgM", Map.of("momentum", 1.5)))
                .hasMessageStartingWith("momentum = 1.5");
        assertThatThrownBy(() -> AggregationStrategies.create("FedAdagrad", Map.of("beta2", 0.9)))
                .isInstanceOfSatisfying(StrategySettingsException.class,
                        e -> assertThat(e.setting()).isEqualTo("beta2"))
                .hasMessageContaining("unknown setting for FedAdagrad");
    }
}
