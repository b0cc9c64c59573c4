package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationStrategiesTest {

    @Test
    void names_listsEveryBuiltIn() {
        assertThat(AggregationStrategies.names()).contains("WeightedAverage", "FedAvgM", "FedAdam", "FedYogi",
                "FedAdagrad", "Median", "TrimmedMean", "Krum", "MultiKrum", "GeometricMedian");
    }

    @Test
    void create_eachBuiltIn_reportsNameAndStreaming() {
        for (String name : AggregationStrategies.names()) {
            AggregationStrategy s = AggregationStrategies.create(name, Map.of());
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.streaming()).as(name).isEqualTo(!Map.of("Median", 1, "TrimmedMean", 1, "Krum", 1,
                    "MultiKrum", 1, "GeometricMedian", 1).containsKey(name));
        }
    }

    @Test
    void create_unknownName_listsKnownOnes() {
        assertThatThrownBy(() -> AggregationStrategies.create("FedMedian", Map.of()))
                .isInstanceOfSatisfying(StrategySettingsException.class, e -> {
                    assertThat(e.setting()).isEqualTo("aggregation_type");
                    assertThat(e.value()).isEqualTo("FedMedian");
                })
                .hasMessageStartingWith("aggregation_type = 'FedMedian': unknown strategy; known: FedAdagrad, FedAdam,");
    }

    @Test
    void create_nonFiniteNeitherRejectNorAccept_namesChoices() {
        assertThatThrownBy(() -> AggregationStrategies.create("WeightedAverage", Map.of("non_finite", "ignore")))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessage("non_finite = 'ignore': expected one of reject, accept");
        assertThatThrownBy(() -> AggregationStrategies.create("Krum", Map.of("non_finite", true)))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessage("non_finite = true: expected one of reject, accept");
    }

    @Test
    void create_unknownSetting_namesIt() {
        assertThatThrownBy(() -> AggregationStrategies.create("Median", Map.of("beta", 0.1)))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessage("beta = 0.1: unknown setting for Median (1 unknown: [beta])");
    }

    @Test
    void create_userClassByName_withSettings() {
        AggregationStrategy s = AggregationStrategies.create(CoordinateMax.class.getName(),
                Map.of("offset", 0.5, "clip_norm", 100));
        ModelLayout layout = Updates.layout(2);
        RoundAggregation round = s.begin(layout, new float[][] {{0, 0}});
        Updates.send(round, "a", 1, new float[][] {{1, 5}});
        Updates.send(round, "b", 1, new float[][] {{3, -5}});
        assertThat(round.finish()[0]).containsExactly(3.5f, 5.5f);
    }

    @Test
    void create_userClassSettingOutOfRange_reportedAsIs() {
        assertThatThrownBy(() -> AggregationStrategies.create(CoordinateMax.class.getName(), Map.of("offset", 11)))
                .isInstanceOf(StrategySettingsException.class).hasMessage("offset = 11: must be in [-10.0, 10.0]");
        assertThatThrownBy(() -> AggregationStrategies.create(CoordinateMax.class.getName(), Map.of("typo", 1)))
                .hasMessageContaining("typo = 1: unknown setting for CoordinateMax");
    }

    @Test
    void create_classMissingOrNotAStrategy_refused() {
        assertThatThrownBy(() -> AggregationStrategies.create("com.example.Missing", Map.of()))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessageStartingWith("aggregation_type = 'com.example.Missing': no such class on the aggregator's classpath");
        assertThatThrownBy(() -> AggregationStrategies.create("java.lang.String", Map.of()))
                .hasMessage("aggregation_type = 'java.lang.String': is not a concrete class implementing "
                        + "org.fl4j.aggregation.AggregationStrategy");
    }
}
