package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Walks little-endian float32 bytes that may lie in several buffers (a chunk received without copying spans
 * the transport's buffers, cut anywhere) as runs of whole values: each buffer's whole values as one run, and a
 * value cut between two buffers as a run of its own, put together in four bytes of scratch.
 */
final class FloatRuns {

    /** Takes one run: {@code values} holds whole little-endian floats, the first being element {@code element}. */
    @FunctionalInterface
    interface Consumer {
        void accept(int element, ByteBuffer values);
    }

    private FloatRuns() {
    }

    /**
     * Calls {@code consumer} with every value in {@code parts} (together a whole number of floats), in order;
     * the parts themselves are not moved.
     */
    static void forEach(List<ByteBuffer> parts, Consumer consumer) {
        ByteBuffer cut = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int element = 0;
        for (ByteBuffer original : parts) {
            ByteBuffer part = original.duplicate();
            while (cut.position() > 0 && cut.hasRemaining() && part.hasRemaining()) {
                cut.put(part.get());
            }
            if (!cut.hasRemaining()) {
                consumer.accept(element++, cut.flip());
                cut.clear();
            }
            int whole = part.remaining() & -Float.BYTES;
            if (whole > 0) {
                consumer.accept(element, part.slice(part.position(), whole).order(ByteOrder.LITTLE_ENDIAN));
                element += whole / Float.BYTES;
                part.position(part.position() + whole);
            }
            cut.put(part);
        }
        if (cut.position() != 0) {
            throw new IllegalArgumentException((4L * element + cut.position())
                    + " bytes are not a whole number of float32 values");
        }
    }
}
