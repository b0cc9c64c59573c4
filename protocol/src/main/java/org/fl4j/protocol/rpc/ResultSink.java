package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import org.fl4j.protocol.model.ModelWeights;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the chunks of one task result go as they arrive, in order (tensor by tensor, each from offset 0
 * up). The service checks order and bounds; the sink checks values. {@link #complete} is called once every
 * declared tensor is whole, {@link #abort} when the upload fails or is refused before that. Exceptions
 * (a {@link FederationException} to refuse) end the upload and are followed by {@link #abort}.
 */
public interface ResultSink {

    /** A sink for a result the aggregator already holds: the upload is acknowledged as a duplicate at once. */
    ResultSink DUPLICATE = new ResultSink() {
        @Override
        public void accept(int tensorIndex, int offset, ByteBuffer values) {
            throw new IllegalStateException("duplicate result takes no chunks");
        }

        @Override
        public boolean duplicate() {
            return true;
        }

        @Override
        public void complete() {
        }

        @Override
        public void abort(String reason) {
        }
    };

    /**
     * Values of tensor {@code tensorIndex} (in the header's order) from element {@code offset} on, as
     * little-endian float32 bytes between the buffer's position and limit (a whole number of values).
     */
    void accept(int tensorIndex, int offset, ByteBuffer littleEndianFloats);

    /** All tensors arrived: commit the result. */
    void complete();

    /** The upload ended early; the result must leave no trace. */
    void abort(String reason);

    /**
     * Completes when the sink can take chunks: the service reads no chunk from the transport before, so the
     * sender waits under flow control without the aggregator buffering anything. Completing exceptionally
     * (with a {@link FederationException}) refuses the upload; {@link #abort} follows. Ready at once unless
     * the aggregator is bounding concurrent uploads.
     */
    default CompletionStage<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The model a delta-encoded result's values are differences to: the global model of {@code round}, whose
     * arrays must not change until {@link #complete} or {@link #abort}. Asked before any chunk is read.
     *
     * @throws FederationException when the aggregator does not hold that model
     */
    default ModelWeights deltaBase(long round) {
        throw FederationException.invalid("a delta against the model of round " + round
                + ": this aggregator takes no deltas for this result");
    }

    /** True when the aggregator already holds this result. */
    default boolean duplicate() {
        return false;
    }
}
