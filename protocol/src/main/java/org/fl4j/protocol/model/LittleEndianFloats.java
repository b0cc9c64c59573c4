package org.fl4j.protocol.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Writes float32 values as the little-endian bytes that model files and the wire carry, through a caller's
 * scratch array: however many values, the only memory used is the scratch, filled and written in turn.
 */
public final class LittleEndianFloats {

    /** Where the bytes go: an {@code OutputStream}'s or a {@code CodedOutputStream}'s bulk write. */
    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private LittleEndianFloats() {
    }

    /** Writes {@code count} values from {@code from} as 4 * count bytes; {@code scratch} holds at least 4. */
    public static void write(float[] values, int from, int count, byte[] scratch, ByteSink out) throws IOException {
        FloatBuffer view = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int end = from + count;
        for (int i = from; i < end; i += view.capacity()) {
            int n = Math.min(view.capacity(), end - i);
            view.clear();
            view.put(values, i, n);
            out.write(scratch, 0, 4 * n);
        }
    }
}
