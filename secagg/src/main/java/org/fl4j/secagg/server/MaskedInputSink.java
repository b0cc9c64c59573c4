package org.fl4j.secagg.server;

import java.nio.ByteBuffer;

/**
 * Receives one collaborator's masked input as a stream of chunks; obtained from
 * {@link SecAggServer#openMaskedInput}. One thread at a time (a gRPC stream's callbacks qualify). The values are
 * staged in a buffer of their own and reach the round's accumulator only at {@link #commit()}: a refused or
 * aborted upload leaves the round as if it had never come.
 */
public interface MaskedInputSink {

    /**
     * Takes the little-endian int32 values between the buffer's position and limit, which must start at element
     * {@code elementOffset}, right after the elements already taken; the position is left at the limit.
     *
     * @throws org.fl4j.secagg.SecAggException (REFUSED) for a gap, an overlap, a partial value or values past the
     *                                         end; the upload is then dropped
     */
    void accept(long elementOffset, ByteBuffer littleEndianInts);

    /**
     * Ends the upload: refused unless every element arrived; otherwise it is folded into the round's sum and the
     * collaborator counts among the survivors.
     */
    void commit();

    /** Drops the upload (e.g. the stream broke); harmless after commit or refusal. */
    void abort();
}
