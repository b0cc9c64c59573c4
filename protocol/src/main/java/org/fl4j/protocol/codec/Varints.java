package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;

/** Unsigned LEB128 varints of at most 32 bits. */
final class Varints {

    private Varints() {
    }

    static void write(ByteBuffer out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static int read(ByteBuffer in, String stage) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            if (!in.hasRemaining()) {
                throw new CodecException(stage + ": the chunk ends inside a varint");
            }
            int b = in.get();
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value > Integer.MAX_VALUE) {
                    break;
                }
                return (int) value;
            }
        }
        throw new CodecException(stage + ": a varint is longer than 31 bits");
    }
}
