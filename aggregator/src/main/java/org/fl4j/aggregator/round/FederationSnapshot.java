package org.fl4j.aggregator.round;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The federation at one instant, for the operator's status: the round, what phase it is in, when the round
 * started, and each assigned collaborator's tasks of the round with those it delivered and those refused.
 *
 * @param roundStarted when the current round opened, or null when no round is open
 * @param progress collaborator to its tasks of the round (empty when no round is open)
 */
public record FederationSnapshot(long round, int roundsToTrain, Phase phase, Instant roundStarted, Instant now,
        Map<String, Progress> progress) {

    /** What the federation is doing. */
    public enum Phase {
        /** A round is open: tasks are handed out and results taken. */
        TRAINING,
        /** Every round is done: collaborators are told to quit. */
        FINISHING,
        /** A round could not be saved: the federation stopped until a restart. */
        STOPPED
    }

    /** One collaborator's tasks of the round. */
    public record Progress(List<String> tasks, Set<String> done, Set<String> failed) {
        public Progress {
            tasks = List.copyOf(tasks);
            done = Set.copyOf(done);
            failed = Set.copyOf(failed);
        }

        /** True when every task is done or failed. */
        public boolean reported() {
            return done.size() + failed.size() >= tasks.size();
        }
    }

    public FederationSnapshot {
        progress = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    }

    static FederationSnapshot of(long round, int roundsToTrain, Phase phase, RoundState state, Instant now) {
        Map<String, Progress> progress = new TreeMap<>();
        if (state != null) {
            state.assignment.forEach((c, tasks) -> progress.put(c, new Progress(tasks, state.doneOf(c),
                    state.failedOf(c))));
        }
        return new FederationSnapshot(round, roundsToTrain, phase, state == null ? null : state.started, now,
                progress);
    }
}
