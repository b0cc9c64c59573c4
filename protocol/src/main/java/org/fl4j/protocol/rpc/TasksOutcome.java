package org.fl4j.protocol.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The aggregator's answer to a task request: work for a round, nothing yet, or the end of the federation. */
public sealed interface TasksOutcome permits TasksOutcome.Assignment, TasksOutcome.Idle, TasksOutcome.Quit {

    /**
     * The tasks of this collaborator in {@code round}, in the order they run; {@code done} are those whose
     * results the aggregator already holds (after a reconnect or a restart).
     */
    record Assignment(long round, List<String> tasks, Set<String> done) implements TasksOutcome {
        public Assignment {
            tasks = List.copyOf(tasks);
            done = Set.copyOf(done);
            if (round < 0) {
                throw new IllegalArgumentException("round must be >= 0, found " + round);
            }
        }

        /** The tasks still to send, in order. */
        public List<String> pending() {
            return tasks.stream().filter(t -> !done.contains(t)).toList();
        }
    }

    /** Nothing to do for now (the long poll timed out); ask again after {@code retryAfter}. */
    record Idle(long round, Duration retryAfter) implements TasksOutcome {
        public Idle {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** The federation is over for this collaborator. */
    record Quit(String reason) implements TasksOutcome {
        public Quit {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
