package org.fl4j.aggregator.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.TasksOutcome;

/**
 * How a federation ends. Normally after its last round: collaborators that ask for tasks are told to quit, and
 * the federation is {@linkplain #finished() finished} once the last round is committed and every collaborator
 * was told (or the quit grace period passed). Early when a round cannot be saved: collaborators are then
 * answered {@code UNAVAILABLE}, so they keep retrying until the aggregator is restarted. Guarded by the
 * {@link Federation}'s lock.
 */
final class FederationEnd {

    private final List<String> collaborators;
    private final long roundsToTrain;
    private final Duration quitGrace;
    private final Set<String> toldToQuit = new HashSet<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private Instant doneAt;
    /** Why the federation stopped before its last round, or null. */
    private String stopped;
    /** Why training ended before the last round though nothing failed (a privacy budget), or null. */
    private String endedEarly;

    FederationEnd(List<String> collaborators, long roundsToTrain, Duration quitGrace) {
        this.collaborators = List.copyOf(collaborators);
        this.roundsToTrain = roundsToTrain;
        this.quitGrace = quitGrace;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    /** The last round closed (or a restart found every round done) at {@code now}. */
    void trainingDone(Instant now) {
        doneAt = now;
    }

    /**
     * Training ends before round {@code round} because running it would pass a privacy budget: collaborators
     * are told to quit with {@code reason}, and the federation finishes normally.
     */
    void budgetSpent(Instant now, long round, String reason) {
        endedEarly = "the federation ended after " + round + " of " + roundsToTrain + " rounds: " + reason;
        doneAt = now;
    }

    /**
     * An intermediate aggregator's parent ended the federation for {@code reason}: children are told to quit with
     * it, and the federation finishes normally.
     */
    void endedByParent(Instant now, String reason) {
        endedEarly = reason;
        doneAt = now;
    }

    java.util.Optional<String> endedEarly() {
        return java.util.Optional.ofNullable(endedEarly);
    }

    boolean stopped() {
        return stopped != null;
    }

    /** What a collaborator asking for tasks after the last round is told. */
    TasksOutcome.Quit quit(String collaborator) {
        toldToQuit.add(collaborator);
        return quitOutcome();
    }

    TasksOutcome.Quit quitOutcome() {
        return new TasksOutcome.Quit(endedEarly != null ? endedEarly : "all " + roundsToTrain + " rounds are done");
    }

    /** Why there is no round to serve: the federation is over, or it stopped early. */
    FederationException over() {
        return stopped != null ? unavailable()
                : FederationException.stale(endedEarly != null ? endedEarly
                        : "the federation is over: all " + roundsToTrain + " rounds are done");
    }

    /** The answer to every call once the federation stopped early. */
    FederationException unavailable() {
        return new FederationException(FederationException.Kind.UNAVAILABLE, stopped);
    }

    /**
     * Stops the federation early because round {@code closed} could not be saved.
     *
     * @return false when it had already ended
     */
    boolean stop(long closed, IOException e) {
        if (finished.isDone()) {
            return false;
        }
        Federation.LOG.error("Round {} could not be saved: {}; stopping the aggregator", closed, e.getMessage());
        stopped = "the aggregator is stopping: round " + closed + " could not be saved; a restart resumes from the"
                + " last round saved";
        finished.completeExceptionally(new UncheckedIOException("round " + closed + " could not be saved: "
                + e.getMessage(), e));
        return true;
    }

    /** Finishes once training is done, its last round committed and every collaborator told (or the grace over). */
    void check(Instant now, boolean committed) {
        if (doneAt == null || finished.isDone() || !committed) {
            return;
        }
        if (toldToQuit.containsAll(collaborators)) {
            Federation.LOG.info("Every collaborator was told to quit");
            finished.complete(null);
        } else if (!now.isBefore(doneAt.plus(quitGrace))) {
            List<String> missing = collaborators.stream().filter(c -> !toldToQuit.contains(c)).toList();
            Federation.LOG.info("Quit grace period of {} s over; not told to quit: {}", quitGrace.toSeconds(), missing);
            finished.complete(null);
        }
    }
}
