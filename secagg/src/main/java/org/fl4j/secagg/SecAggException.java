package org.fl4j.secagg;

import java.util.Objects;

/**
 * A secure-aggregation step that cannot go on, with a message naming what was wrong (the collaborator, the
 * stage, the value found). The {@link Kind} tells the caller what to do next.
 */
public final class SecAggException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the failure means for the round. */
    public enum Kind {
        /** A message or input was refused (the aggregator refused a collaborator's message, or a collaborator its own
         * update); the round goes on without it. */
        REFUSED,
        /**
         * The collaborator stops taking part in this round: what the aggregator relayed breaks the protocol (a key
         * whose signature fails, a share that does not authenticate, a request for both shares of a neighbour...).
         */
        ABORTED,
        /** Too few participants remain to reach the threshold: the round cannot complete and keeps its model. */
        TOO_FEW,
        /**
         * Revealed shares do not reconstruct the secret their owner committed to (a collaborator revealed a wrong
         * share): the round cannot complete and keeps its model.
         */
        BAD_SHARES,
        /** The settings cannot work for this round (an overflowing bits, fewer than two participants...). */
        CONFIGURATION
    }

    private final Kind kind;

    public SecAggException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public SecAggException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static SecAggException configuration(String message) {
        return new SecAggException(Kind.CONFIGURATION, message);
    }
}
