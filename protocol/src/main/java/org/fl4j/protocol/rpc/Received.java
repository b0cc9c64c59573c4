package org.fl4j.protocol.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A message of a tensor stream as it was received, with the tensor bytes of its chunk apart: when it came
 * through a transport that lends its buffers ({@link ReceivingMarshaller}), those bytes are read-only views of
 * the buffers (the message's own {@code data} field is then empty), valid only until {@link #close}. The
 * receiver copies them out while handling the message, then closes it, which hands the buffers back. Close it
 * exactly where the message is handled, on every path.
 *
 * @param message the parsed message
 * @param data    the tensor bytes of the message's chunk, in order (empty when it has none)
 * @param lent    the transport's buffers {@code data} points into, or null when the message owns its bytes
 */
record Received<T>(T message, List<ByteBuffer> data, InputStream lent) implements AutoCloseable {

    /** True when the tensor bytes are views of the transport's buffers. */
    boolean zeroCopy() {
        return lent != null;
    }

    @Override
    public void close() {
        if (lent != null) {
            try {
                lent.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot release the transport's buffers", e);
            }
        }
    }
}
