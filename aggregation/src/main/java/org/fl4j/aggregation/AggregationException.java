package org.fl4j.aggregation;

/** Base of the aggregation engine's specific failures; the message is meant for the user. */
public class AggregationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AggregationException(String message) {
        super(message);
    }
}
