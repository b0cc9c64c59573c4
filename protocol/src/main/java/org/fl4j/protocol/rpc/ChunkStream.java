package org.fl4j.protocol.rpc;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.fl4j.protocol.model.LittleEndianFloats;

/**
 * The serialized form of a {@link FloatChunk}, as gRPC reads it: the transport drains it into its buffers
 * ({@link Drainable}), the float values passing through a small per-thread scratch array on the way, so a
 * chunk costs no allocation of its size. Read byte by byte (in-process transports do), it serializes itself
 * into an array first. The bytes are those of the generated message with the same fields. Either way the
 * chunk's {@link ChunkWatcher} hears when the values have been read, once.
 */
final class ChunkStream extends InputStream implements Drainable, KnownLength {

    private static final int SCRATCH_BYTES = 64 << 10;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private final FloatChunk chunk;
    private final int size;
    private InputStream materialized;
    private boolean drained;
    private boolean valuesRead;

    ChunkStream(FloatChunk chunk) {
        this.chunk = chunk;
        this.size = chunk.serializedSize();
        chunk.watcher().opened();
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
        if (drained || materialized != null) {
            throw new IllegalStateException("the chunk was already read");
        }
        drained = true;
        try {
            writeTo(target);
        } finally {
            valuesRead();
        }
        return size;
    }

    private void valuesRead() {
        if (!valuesRead) {
            valuesRead = true;
            chunk.watcher().read();
        }
    }

    private void writeTo(OutputStream target) throws IOException {
        CodedOutputStream prefix = CodedOutputStream.newInstance(target, 256);
        chunk.writePrefix(prefix);
        prefix.flush();
        LittleEndianFloats.write(chunk.values(), chunk.from(), chunk.count(), SCRATCH.get(), target::write);
    }

    @Override
    public int available() {
        if (drained) {
            return 0;
        }
        return materialized == null ? size : materializedAvailable();
    }

    private int materializedAvailable() {
        try {
            return materialized.available();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        return bytes().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return bytes().read(b, off, len);
    }

    private InputStream bytes() throws IOException {
        if (drained) {
            throw new IllegalStateException("the chunk was already drained");
        }
        if (materialized == null) {
            if (valuesRead) {
                throw new IOException("the chunk failed to serialize before");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            try {
                writeTo(out);
            } finally {
                valuesRead();
            }
            materialized = new ByteArrayInputStream(out.toByteArray());
        }
        return materialized;
    }
}
