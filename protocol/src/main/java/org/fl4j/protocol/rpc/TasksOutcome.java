package org.fl4j.protocol.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The aggregator's answer to a task request: work for a round, nothing yet, or the end of the federation. */
public sealed interface TasksOutcome permits TasksOutcome.Assignment, TasksOutcome.Idle, TasksOutcome.Quit {

    /**
     * The tasks of this collaborator in {@code round}, in the order they run; {@code done} are those whose
     * results the aggregator holds, {@code failed} those whose results it refused this round (the collaborator
     * must neither run nor send them again in this round). Both matter after a reconnect or a restart.
     */
    record Assignment(long round, List<String> tasks, Set<String> done, Set<String> failed) implements TasksOutcome {
        public Assignment {
            tasks = List.copyOf(tasks);
            done = Set.copyOf(done);
            failed = Set.copyOf(failed);
            if (round < 0) {
                throw new IllegalArgumentException("round must be >= 0, found " + round);
            }
            for (String f : failed) {
                if (done.contains(f)) {
                    throw new IllegalArgumentException("task '" + f + "' cannot be both done and failed");
                }
            }
        }

        /** An assignment in which no result was refused. */
        public Assignment(long round, List<String> tasks, Set<String> done) {
            this(round, tasks, done, Set.of());
        }

        /** The tasks still to run and send, in order: neither done nor failed. */
        public List<String> pending() {
            return tasks.stream().filter(t -> !done.contains(t) && !failed.contains(t)).toList();
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
