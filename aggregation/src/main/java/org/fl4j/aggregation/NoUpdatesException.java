package org.fl4j.aggregation;

/**
 * {@link RoundAggregation#finish()} was called before any update had been accepted. The caller keeps the
 * previous global model for the next round.
 */
public final class NoUpdatesException extends AggregationException {

    private static final long serialVersionUID = 1L;

    public NoUpdatesException(String strategy) {
        super(strategy + " received no accepted update this round: the previous global model is kept");
    }
}
