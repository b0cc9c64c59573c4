package org.fl4j.protocol.rpc;

/**
 * Told when the serialized form of a {@link FloatChunk} is created and when it is done reading the chunk's
 * values, so whoever lent the values knows when nothing reads them any more. gRPC on Netty creates and reads a
 * chunk within the same {@code onNext}; the in-process transport reads it later, on the receiver's thread.
 */
interface ChunkWatcher {

    /** For chunks whose values nobody waits to reuse. */
    ChunkWatcher NONE = new ChunkWatcher() {
        @Override
        public void opened() {
        }

        @Override
        public void read() {
        }
    };

    /** A serialized form of the chunk was created: it may read the values until {@link #read()}. */
    void opened();

    /** That serialized form has read the values (or failed to) and never reads them again. */
    void read();
}
