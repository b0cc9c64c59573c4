package org.fl4j.aggregation.strategy;

import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.Updates;

/** Runs whole rounds of small hand-written updates through a strategy. */
final class Rounds {

    private Rounds() {
    }

    /** One round: update k is {@code values[k]} as a single tensor, with sample count k + 1. */
    static float[] run(AggregationStrategy s, float[] global, float[]... values) {
        ModelLayout layout = Updates.layout(global.length);
        RoundAggregation round = s.begin(layout, new float[][] {global});
        for (int k = 0; k < values.length; k++) {
            Updates.send(round, "c" + k, k + 1, new float[][] {values[k]}, 1);
        }
        return round.finish()[0];
    }

    static float[] run(String name, Map<String, ?> settings, float[] global, float[]... values) {
        return run(AggregationStrategies.create(name, settings), global, values);
    }

    static float[] scalars(float... v) {
        return v;
    }
}
