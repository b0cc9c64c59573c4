package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.StrategySettingsException;
import org.fl4j.aggregation.Updates;
import org.junit.jupiter.api.Test;

class NormClippingTest {

    private final ModelLayout layout = Updates.layout(1, 1);

    @Test
    void clipNorm_scalesLongUpdatesOverAllTensors_keepsShortOnes() {
        AggregationStrategy s = AggregationStrategies.create("WeightedAverage", Map.of("clip_norm", 1));
        assertThat(s).isInstanceOf(NormClipping.class);
        float[][] global = {{1}, {1}};
        // difference (3, 4) has norm 5: scaled to (0.6, 0.8)
        RoundAggregation round = s.begin(layout, global);
        Updates.send(round, "far", 1, new float[][] {{4}, {5}});
        float[][] r = round.finish();
        assertThat(r[0][0]).isCloseTo(1.6f, within(1e-6f));
        assertThat(r[1][0]).isCloseTo(1.8f, within(1e-6f));

        round = s.begin(layout, global);
        Updates.send(round, "near", 1, new float[][] {{1.5f}, {0.5f}});
        assertThat(round.finish()).isDeepEqualTo(new float[][] {{1.5f}, {0.5f}});
    }

    @Test
    void clipNorm_appliesBeforeRobustStrategies() {
        AggregationStrategy s = AggregationStrategies.create("Median", Map.of("clip_norm", "2"));
        assertThat(s.streaming()).isFalse();
        RoundAggregation round = s.begin(Updates.layout(1), new float[][] {{0}});
        Updates.send(round, "a", 1, new float[][] {{10}});
        Updates.send(round, "b", 1, new float[][] {{-10}});
        Updates.send(round, "c", 1, new float[][] {{30}});
        assertThat(round.finish()[0]).containsExactly(2f);
    }

    @Test
    void clipNorm_notPositive_refused() {
        assertThatThrownBy(() -> AggregationStrategies.create("FedAdam", Map.of("clip_norm", -1)))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessage("clip_norm = -1: must be a positive finite number");
        assertThatThrownBy(() -> AggregationStrategies.create("FedAdam", Map.of("clip_norm", 0)))
                .hasMessageStartingWith("clip_norm = 0");
    }
}
