package org.fl4j.protocol.rpc;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fl4j.protocol.model.ModelWeights;

/**
 * A model lent to one {@code GetModel} stream by the {@link FederationHandler} that owns it. The stream calls
 * {@link #release()} once it no longer reads the model's arrays: when every chunk it handed to gRPC has been
 * serialized and the call has ended, however it ended. From then on the owner may reuse the arrays (the
 * aggregator stages the next round's updates in them). A stream whose chunks gRPC dropped unread never
 * releases its lease: the owner then never reuses the arrays, and the garbage collector takes them.
 */
public interface ModelLease {

    /** The model; its arrays must not change before {@link #release()}. */
    ModelWeights model();

    /** Tells the owner the stream is done with the model. Called at most once. */
    void release();

    /** A lease on a model its owner never reuses: releasing it does nothing. */
    static ModelLease of(ModelWeights model) {
        return of(model, () -> {
        });
    }

    /** A lease that runs {@code onRelease} at its first {@link #release()}; later calls do nothing. */
    static ModelLease of(ModelWeights model, Runnable onRelease) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(onRelease, "onRelease");
        AtomicBoolean released = new AtomicBoolean();
        return new ModelLease() {
            @Override
            public ModelWeights model() {
                return model;
            }

            @Override
            public void release() {
                if (released.compareAndSet(false, true)) {
                    onRelease.run();
                }
            }
        };
    }
}
