package org.fl4j.dl4j.experiment;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The models of a simulation: one per worker thread, built once and lent to one virtual site at a time. A
 * site borrows a model when its round starts and gives it back when the round ends, so however many sites
 * there are, at most {@code size} of them train at once and memory holds {@code size} models. Thread-safe.
 */
final class ModelPool<M> {

    private final BlockingQueue<M> free;
    private final int size;

    ModelPool(List<M> models) {
        this.size = models.size();
        this.free = new ArrayBlockingQueue<>(size, true, models);
    }

    /** Waits for a free model (first come, first served). */
    M borrow() throws InterruptedException {
        return free.take();
    }

    void giveBack(M model) {
        if (!free.offer(model)) {
            throw new IllegalStateException("a model was given back to a full pool of " + size);
        }
    }

    int size() {
        return size;
    }
}
