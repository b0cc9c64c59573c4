package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;

/**
 * The first stage of a pipeline: encodes a chunk of float32 values as bytes and decodes them back. Lossy stages
 * return approximations; {@link #lossless()} says which is which.
 */
public interface FloatStage extends Stage {

    /** The most bytes {@link #encode} writes for {@code n} values. */
    int maxEncodedBytes(int n);

    /** Writes the encoding of {@code n} values of {@code in} from {@code from} at {@code out}'s position. */
    void encode(float[] in, int from, int n, ByteBuffer out);

    /**
     * Decodes exactly {@code n} values from all of {@code in} (position to limit) into {@code out} from
     * {@code outFrom}.
     *
     * @throws CodecException when {@code in} is not the encoding of {@code n} values with this stage's parameters
     */
    void decode(ByteBuffer in, int n, float[] out, int outFrom);

    boolean lossless();
}
