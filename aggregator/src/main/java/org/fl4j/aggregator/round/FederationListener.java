package org.fl4j.aggregator.round;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Federation} tells observers (metrics, the audit log, the operator's status) as it runs. Called on
 * the federation's threads, some while it holds its lock: implementations must be quick, must not call back into
 * the federation and must not throw. Every method has an empty default, so an observer implements what it needs.
 */
public interface FederationListener {

    /** Tells nobody. */
    FederationListener NONE = new FederationListener() {
    };

    /** Why a result was refused, as a stable label for metrics. */
    enum Refusal {
        /** It belongs to a round that is over, or the round closed while it arrived. */
        LATE,
        /** Its task is not assigned to the sender this round. */
        NOT_ASSIGNED,
        /** Its header, tensors or metrics do not fit the round's model and task. */
        INVALID,
        /** Its task already failed this round. */
        ALREADY_FAILED,
        /** The federation is over. */
        OVER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A collaborator's call reached the federation (any RPC: tasks, model, result, ping). */
    default void contact(String collaborator, Instant at) {
    }

    /** Round {@code round} opened with this assignment (collaborator to tasks). */
    default void roundStarted(long round, Instant at, Map<String, List<String>> assignment) {
    }

    /** A collaborator was handed its tasks of the round. */
    default void tasksGiven(String collaborator, long round, List<String> tasks, Instant at) {
    }

    /** The round's model was lent to a stream that sends it: {@code bytes} of tensor values. */
    default void modelSent(String collaborator, long round, long bytes) {
    }

    /** Bytes of updates held while they arrive went up (positive) or down (negative). */
    default void stagedBytes(long delta) {
    }

    /**
     * A result was accepted into the round.
     *
     * @param bytes the tensor bytes received (0 for a metrics-only task)
     * @param sha256 the hex SHA-256 of those bytes in the order received, or null when there were none
     * @param metrics the metrics the collaborator reported with it
     */
    default void resultAccepted(String collaborator, long round, String task, long bytes, String sha256,
            Map<String, Double> metrics, Instant at) {
    }

    /** A result was refused; {@code reason} is the message the collaborator was sent. */
    default void resultRefused(String collaborator, long round, String task, Refusal kind, String reason, Instant at) {
    }

    /**
     * Round {@code round} closed after {@code open} (from its start to its close), its aggregation and metrics
     * took {@code aggregation}, without the results of {@code stragglers}.
     */
    default void roundClosed(long round, Duration open, Duration aggregation, List<String> stragglers,
            Map<String, Map<String, Double>> means, Instant at) {
    }

    /**
     * The aggregator's own privacy accounting of round {@code round} (client-level DP: {@code epsilon} spent so far
     * at the plan's delta, {@code clip_norm}, {@code unclipped_fraction}), reported under the train task
     * {@code task}; called before {@link #roundClosed}.
     */
    default void privacySpent(long round, String task, Map<String, Double> metrics) {
    }

    /** Round {@code round}'s models and checkpoint were written in {@code saving}. */
    default void roundSaved(long round, Duration saving) {
    }

    /** Calls each of {@code listeners} in turn. */
    static FederationListener all(List<FederationListener> listeners) {
        List<FederationListener> list = new ArrayList<>(listeners);
        return new FederationListener() {
            @Override
            public void contact(String c, Instant at) {
                list.forEach(l -> l.contact(c, at));
            }

            @Override
            public void roundStarted(long r, Instant at, Map<String, List<String>> a) {
                list.forEach(l -> l.roundStarted(r, at, a));
            }

            @Override
            public void tasksGiven(String c, long r, List<String> t, Instant at) {
                list.forEach(l -> l.tasksGiven(c, r, t, at));
            }

            @Override
            public void modelSent(String c, long r, long b) {
                list.forEach(l -> l.modelSent(c, r, b));
            }

            @Override
            public void stagedBytes(long d) {
                list.forEach(l -> l.stagedBytes(d));
            }

            @Override
            public void resultAccepted(String c, long r, String t, long b, String h, Map<String, Double> m,
                    Instant at) {
                list.forEach(l -> l.resultAccepted(c, r, t, b, h, m, at));
            }

            @Override
            public void resultRefused(String c, long r, String t, Refusal k, String reason, Instant at) {
                list.forEach(l -> l.resultRefused(c, r, t, k, reason, at));
            }

            @Override
            public void roundClosed(long r, Duration open, Duration agg, List<String> s,
                    Map<String, Map<String, Double>> means, Instant at) {
                list.forEach(l -> l.roundClosed(r, open, agg, s, means, at));
            }

            @Override
            public void privacySpent(long r, String t, Map<String, Double> m) {
                list.forEach(l -> l.privacySpent(r, t, m));
            }

            @Override
            public void roundSaved(long r, Duration saving) {
                list.forEach(l -> l.roundSaved(r, saving));
            }
        };
    }
}
