package org.fl4j.aggregation.strategy;

import java.util.Optional;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyState;

/**
 * A strategy that takes updates holding NaN or infinite values as sent, instead of the engine refusing them:
 * for models whose weights legitimately hold infinities (masks, sentinels) or for experiments on divergence.
 * Selected with the {@code non_finite: accept} setting; everything else is the wrapped strategy's.
 */
public final class NonFiniteAccepted implements AggregationStrategy {

    private final AggregationStrategy inner;

    public NonFiniteAccepted(AggregationStrategy inner) {
        this.inner = inner;
    }

    /** The wrapped strategy. */
    public AggregationStrategy inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean streaming() {
        return inner.streaming();
    }

    @Override
    public boolean acceptsNonFinite() {
        return true;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return inner.combiner(layout, globalModel);
    }

    @Override
    public Optional<StrategyState> exportState() {
        return inner.exportState();
    }

    @Override
    public void restoreState(StrategyState state) {
        inner.restoreState(state);
    }
}
