package org.fl4j.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * A user-written strategy as the documentation describes it: a public class with a constructor taking
 * {@link StrategySettings}, named by its class name in the plan. Coordinate-wise maximum plus an offset.
 */
public final class CoordinateMax implements AggregationStrategy {

    private final float offset;

    public CoordinateMax(StrategySettings settings) {
        offset = (float) settings.number("offset", 0, -10, 10);
    }

    @Override
    public String name() {
        return "CoordinateMax";
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        List<float[][]> seen = new ArrayList<>();
        return new Combiner() {
            @Override
            public void add(Update update) {
                seen.add(update.tensors());
            }

            @Override
            public float[][] finish() {
                float[][] out = layout.newTensors();
                for (int t = 0; t < out.length; t++) {
                    java.util.Arrays.fill(out[t], -Float.MAX_VALUE);
                    for (float[][] u : seen) {
                        for (int i = 0; i < out[t].length; i++) {
                            out[t][i] = Math.max(out[t][i], u[t][i]);
                        }
                    }
                    for (int i = 0; i < out[t].length; i++) {
                        out[t][i] += offset;
                    }
                }
                return out;
            }
        };
    }
}
