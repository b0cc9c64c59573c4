package org.fl4j.aggregation;

import java.nio.ByteBuffer;

/**
 * Receives one collaborator's update as a stream of chunks; obtained from
 * {@link RoundAggregation#open(String, long)}. One thread at a time (a gRPC stream's callbacks qualify).
 *
 * <p>Chunks of a tensor come in element order without gaps or overlaps; tensors may interleave. Each chunk is
 * checked as it arrives (tensor index, offset, length, finite values). Any refusal throws
 * {@link UpdateRejectedException} and ends the update: nothing of it reaches the round, and the contributor
 * may open a new update. After {@link #commit()} or a refusal, further calls throw
 * {@link IllegalStateException}; {@link #abort()} is always allowed.
 */
public interface UpdateSink {

    /**
     * Takes {@code length} values of tensor {@code tensorIndex} starting at its element {@code elementOffset}.
     * The array is copied before this returns.
     */
    void accept(int tensorIndex, int elementOffset, float[] values, int from, int length);

    /**
     * Takes the little-endian float32 values between the buffer's position and limit (the raw bytes of a
     * protobuf {@code bytes} field); the position is left at the limit. The bytes are decoded straight into
     * the update's storage.
     */
    void accept(int tensorIndex, int elementOffset, ByteBuffer littleEndianFloats);

    /**
     * Ends the update: refused if any element of any tensor is missing; otherwise the update counts in the
     * round's result.
     */
    void commit();

    /** Drops the update (e.g. the stream broke); harmless after commit or refusal. */
    void abort();
}
