package org.fl4j.aggregator.round;

import java.util.Objects;
import java.util.function.Consumer;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.ModelLease;

/**
 * A global model and the number of its users: the federation while it is the current model, each
 * {@code GetModel} stream sending it, the background save writing it. When the last one lets go, its arrays
 * are handed to {@code reuse} (the round's staging buffers), so a long federation stages its updates and
 * writes its new models in the same few arrays instead of allocating a model's worth every round. Without
 * that, each round leaves a model-sized array to the garbage collector, which a large model makes a humongous
 * object that only a concurrent cycle reclaims. Thread-safe.
 */
final class SharedModel {

    private final ModelWeights weights;
    private final Consumer<float[][]> reuse;
    private int users = 1;

    /** A model with one user, its creator, who passes that use on or {@link #release()}s it. */
    SharedModel(ModelWeights weights, Consumer<float[][]> reuse) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.reuse = Objects.requireNonNull(reuse, "reuse");
    }

    ModelWeights weights() {
        return weights;
    }

    /** One more user, who must {@link #release()} it. */
    synchronized SharedModel retain() {
        if (users == 0) {
            throw new IllegalStateException("the model's arrays were already handed back for reuse");
        }
        users++;
        return this;
    }

    /** One user less; the last one hands the arrays back for reuse. */
    void release() {
        synchronized (this) {
            if (users == 0) {
                throw new IllegalStateException("the model was released more often than retained");
            }
            if (--users > 0) {
                return;
            }
        }
        reuse.accept(Rounds.arrays(weights));
    }

    /** A lease for a stream that sends the model: one more user until the stream releases it (once). */
    ModelLease lease() {
        retain();
        return ModelLease.of(weights, this::release);
    }

    synchronized int users() {
        return users;
    }
}
