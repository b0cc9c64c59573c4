package org.fl4j.aggregator.round;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.protocol.rpc.FederationException;

/**
 * Admission of model updates in one round ({@code max_concurrent_uploads}): at most {@code capacity} are
 * received at the same time, each filling a model-sized staging buffer; the others wait in arrival order,
 * unread, their senders paused by flow control. A freed slot goes to the longest waiting upload; uploads still
 * waiting when the round closes are dropped like late results. Guarded by the {@link Federation}'s lock:
 * what must happen outside it (completing an upload's readiness) is added to {@code replies}.
 */
final class UploadSlots {

    private final int capacity;
    private final Deque<ResultIntake> waiting = new ArrayDeque<>();
    private int held;

    UploadSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be > 0, found " + capacity);
        }
        this.capacity = capacity;
    }

    /** Lets the training result in now, or queues it. */
    void admit(ResultIntake intake, List<Runnable> replies) {
        if (held < capacity) {
            held++;
            grant(intake, replies);
            return;
        }
        intake.slot = ResultIntake.Slot.WAITING;
        waiting.add(intake);
        Federation.LOG.info("Collaborator {} waits to send task results for {}, round {}: {} uploads are being"
                + " received (max_concurrent_uploads)", intake.collaborator, intake.header.task(), intake.state.round,
                capacity);
    }

    /** Frees the intake's slot (or its place in the queue) and hands the slot to the next in line. */
    void release(ResultIntake intake, List<Runnable> replies) {
        ResultIntake.Slot was = intake.slot;
        intake.slot = ResultIntake.Slot.RELEASED;
        if (was == ResultIntake.Slot.WAITING) {
            waiting.remove(intake);
        } else if (was == ResultIntake.Slot.HELD) {
            ResultIntake next = waiting.poll();
            if (next == null) {
                held--;
            } else {
                grant(next, replies);
            }
        }
    }

    /** The round closed: whoever still waits is dropped. */
    void dropWaiting(List<Runnable> replies) {
        for (ResultIntake w = waiting.poll(); w != null; w = waiting.poll()) {
            ResultIntake dropped = w;
            dropped.slot = ResultIntake.Slot.RELEASED;
            dropped.state.stopReceiving(dropped.collaborator, dropped.header.task());
            Federation.LOG.info("Dropped the result of {}, round {} from {}: the round closed while it waited to be"
                    + " received", dropped.header.task(), dropped.state.round, dropped.collaborator);
            replies.add(() -> dropped.readiness.completeExceptionally(FederationException.stale("round "
                    + dropped.state.round + " closed while the result of " + dropped.header.task()
                    + " waited to be received; dropped")));
        }
    }

    /** The aggregator stops: whoever still waits is told so. */
    void shutDown(List<Runnable> replies) {
        for (ResultIntake w = waiting.poll(); w != null; w = waiting.poll()) {
            ResultIntake stopped = w;
            stopped.slot = ResultIntake.Slot.RELEASED;
            replies.add(() -> stopped.readiness.completeExceptionally(new FederationException(
                    FederationException.Kind.UNAVAILABLE, "the aggregator is shutting down")));
        }
    }

    /** The intake holds a slot: open its update in the round's aggregation and let its chunks in. */
    private void grant(ResultIntake intake, List<Runnable> replies) {
        intake.slot = ResultIntake.Slot.HELD;
        try {
            intake.attach(intake.state.aggregation.open(intake.collaborator, intake.header.sampleCount()));
        } catch (UpdateRejectedException e) {
            intake.state.stopReceiving(intake.collaborator, intake.header.task());
            release(intake, replies);
            replies.add(() -> intake.readiness.completeExceptionally(FederationException.invalid(e.getMessage())));
            return;
        }
        Federation.LOG.info("Collaborator {} is sending task results for {}, round {}", intake.collaborator,
                intake.header.task(), intake.state.round);
        replies.add(() -> intake.readiness.complete(null));
    }
}
