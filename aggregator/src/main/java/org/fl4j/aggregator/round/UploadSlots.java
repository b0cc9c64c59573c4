package org.fl4j.aggregator.round;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Admission of model updates in one round: at most {@code capacity} are received at the same time (each
 * fills a model-sized staging buffer); the others wait in arrival order, their senders paused by flow
 * control. Guarded by the {@link Federation}'s lock.
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

    /** Gives {@code intake} a slot now (true) or queues it (false). */
    boolean acquireOrWait(ResultIntake intake) {
        if (held < capacity) {
            held++;
            return true;
        }
        waiting.add(intake);
        return false;
    }

    /** Frees a slot: the longest-waiting intake takes it over and is returned, if there is one. */
    Optional<ResultIntake> release() {
        ResultIntake next = waiting.poll();
        if (next == null) {
            held = Math.max(0, held - 1);
        }
        return Optional.ofNullable(next);
    }

    /** Takes a waiting intake out of the queue (its upload ended before it got a slot). */
    void cancel(ResultIntake intake) {
        waiting.remove(intake);
    }

    /** Empties the queue (the round closed), returning who waited. */
    List<ResultIntake> drainWaiting() {
        List<ResultIntake> out = new ArrayList<>(waiting);
        waiting.clear();
        return out;
    }

    int inUse() {
        return held;
    }

    int capacity() {
        return capacity;
    }
}
