package org.fl4j.aggregation;

import java.util.Map;
import java.util.Objects;

/**
 * What a stateful strategy (a server optimiser) must carry from round to round, for the aggregator's
 * checkpoint. The arrays are copies: the strategy does not change them after export.
 *
 * @param strategy the strategy's name, checked on restore
 * @param step     how many rounds the strategy has applied
 * @param tensors  named state slots (e.g. {@code m}, {@code v}), each shaped like the model layout
 */
public record StrategyState(String strategy, long step, Map<String, float[][]> tensors) {

    public StrategyState {
        Objects.requireNonNull(strategy, "strategy");
        tensors = Map.copyOf(tensors);
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
    }
}
