package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.AggregationStrategy;

/**
 * A strategy that takes updates holding NaN or infinite values as sent, instead of the engine refusing them:
 * for models whose weights legitimately hold infinities (masks, sentinels) or for experiments on divergence.
 * Selected with the {@code non_finite: accept} setting; everything else is the wrapped strategy's.
 */
public final class NonFiniteAccepted extends ForwardingStrategy {

    public NonFiniteAccepted(AggregationStrategy inner) {
        super(inner);
    }

    @Override
    public boolean acceptsNonFinite() {
        return true;
    }
}
