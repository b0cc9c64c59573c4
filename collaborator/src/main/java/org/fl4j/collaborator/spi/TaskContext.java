package org.fl4j.collaborator.spi;

import java.util.Objects;
import org.fl4j.plan.Settings;

/**
 * One task invocation: who runs it, in which round, the task's name and its {@code kwargs} from the plan
 * (for example {@code epochs}, {@code batch_size}, {@code apply}, {@code metrics}), and how the
 * optimizer state is treated between rounds.
 */
public record TaskContext(String collaborator, long round, String task, Settings kwargs, OptTreatment optTreatment) {

    public TaskContext {
        Objects.requireNonNull(collaborator, "collaborator");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(kwargs, "kwargs");
        Objects.requireNonNull(optTreatment, "optTreatment");
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, found " + round);
        }
    }
}
