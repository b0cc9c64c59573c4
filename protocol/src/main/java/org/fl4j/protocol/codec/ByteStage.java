package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;

/** A lossless stage after the float stage: compresses the bytes of one chunk and restores them. */
public interface ByteStage extends Stage {

    /** The most bytes {@link #encode} writes for {@code n} input bytes. */
    int maxEncodedBytes(int n);

    /** Compresses {@code in} (position to limit) into {@code out} from its position. */
    void encode(ByteBuffer in, ByteBuffer out);

    /**
     * Restores all of {@code in} into {@code out} from its position, refusing output beyond {@code bound} bytes
     * (what the inner stage can produce for the chunk) before writing it.
     *
     * @throws CodecException for malformed input or output beyond the bound (a decompression bomb)
     */
    void decode(ByteBuffer in, ByteBuffer out, int bound);
}
