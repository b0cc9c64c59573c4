package org.fl4j.collaborator.spi;

/**
 * Thrown by a runner's {@link TaskRunner#train} or {@link TaskRunner#validate} when it has no result to send for
 * the task this round, for a reason that is not a failure: an intermediate aggregator whose subtree delivered
 * no result of the task. The collaborator logs the reason and goes on with the round's next task; the parent's
 * straggler policy decides whether the round waits for this one.
 */
public final class TaskSkippedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TaskSkippedException(String reason) {
        super(reason, null, false, false);
    }
}
