package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;

/** Size checks shared by the stages. */
final class Sizes {

    private Sizes() {
    }

    /** Refuses {@code in} unless it holds exactly {@code expected} bytes, the encoding of {@code what}. */
    static void exactly(String stage, ByteBuffer in, long expected, String what) {
        if (in.remaining() != expected) {
            throw new CodecException(stage + ": a chunk of " + what + " takes " + expected + " bytes, found "
                    + in.remaining());
        }
    }

    /** Number of blocks of {@code block} values covering {@code n} values. */
    static int blocks(int n, int block) {
        return (int) ((n + (long) block - 1) / block);
    }
}
