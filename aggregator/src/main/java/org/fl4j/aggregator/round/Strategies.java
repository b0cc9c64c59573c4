package org.fl4j.aggregator.round;

import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.StrategySettingsException;
import org.fl4j.plan.TaskSpec;

/** The aggregation strategy a plan asks for: the {@code aggregation_type} of its (first) training task. */
final class Strategies {

    /** Plan templates may carry this prefix ({@code fl4j.WeightedAverage}); the engine names lack it. */
    static final String PREFIX = "fl4j.";

    private Strategies() {
    }

    static AggregationStrategy forPlan(Map<String, TaskSpec> tasks) {
        for (TaskSpec t : tasks.values()) {
            if (t.isTrain()) {
                String template = t.aggregationType().template();
                String name = template.startsWith(PREFIX) && template.indexOf('.', PREFIX.length()) < 0
                        ? template.substring(PREFIX.length()) : template;
                try {
                    return AggregationStrategies.create(name, t.aggregationType().settings().asMap());
                } catch (StrategySettingsException e) {
                    throw new IllegalArgumentException("tasks." + t.name() + ".aggregation_type: " + e.getMessage(), e);
                }
            }
        }
        return AggregationStrategies.create(AggregationStrategies.DEFAULT, Map.of());
    }
}
