package org.fl4j.aggregation.strategy;

import java.util.Optional;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyState;

/**
 * A strategy that adds one behaviour to another and forwards everything else to it: its name (so logs and
 * checkpoints name the strategy the plan chose), streaming, coordinate-wise, non-finite handling, combiner and
 * state.
 */
abstract class ForwardingStrategy implements AggregationStrategy {

    private final AggregationStrategy inner;

    ForwardingStrategy(AggregationStrategy inner) {
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
        return inner.acceptsNonFinite();
    }

    @Override
    public boolean coordinateWise() {
        return inner.coordinateWise();
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
