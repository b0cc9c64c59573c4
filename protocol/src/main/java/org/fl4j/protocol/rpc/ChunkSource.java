package org.fl4j.protocol.rpc;

import java.util.List;
import java.util.NoSuchElementException;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.Header;

/**
 * Cuts tensors into chunks of at most {@code chunkBytes} little-endian float32 bytes, lazily: a chunk is a
 * view of its tensor's values, which become bytes only as the transport sends them ({@link ChunkStream}), so
 * sending a model allocates nothing of its size. Empty tensors produce no chunk.
 */
final class ChunkSource {

    private final List<Tensor> tensors;
    private final int chunkFloats;
    private final ChunkWatcher watcher;
    private int tensor;
    private int offset;

    ChunkSource(List<Tensor> tensors, int chunkBytes) {
        this(tensors, chunkBytes, ChunkWatcher.NONE);
    }

    /** Chunks that tell {@code watcher} when they are serialized and done reading their values. */
    ChunkSource(List<Tensor> tensors, int chunkBytes, ChunkWatcher watcher) {
        this.tensors = tensors;
        this.chunkFloats = chunkBytes / 4;
        this.watcher = watcher;
        skipEmpty();
    }

    boolean hasNext() {
        return tensor < tensors.size();
    }

    /** The next chunk, as a message with {@code header}. */
    FloatChunk next(Header header) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] values = tensors.get(tensor).values();
        int n = Math.min(chunkFloats, values.length - offset);
        FloatChunk chunk = new FloatChunk(header, tensor, 4L * offset, values, offset, n, watcher);
        offset += n;
        if (offset == values.length) {
            tensor++;
            offset = 0;
            skipEmpty();
        }
        return chunk;
    }

    private void skipEmpty() {
        while (tensor < tensors.size() && tensors.get(tensor).size() == 0) {
            tensor++;
        }
    }
}
