package org.fl4j.protocol.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.NoSuchElementException;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Cuts tensors into chunks of at most {@code chunkBytes} little-endian float32 bytes, lazily: only the chunk
 * being sent exists as bytes, so sending a model costs one chunk of memory whatever its size. Empty tensors
 * produce no chunk.
 */
final class ChunkSource {

    private final List<Tensor> tensors;
    private final int chunkFloats;
    private int tensor;
    private int offset;

    ChunkSource(List<Tensor> tensors, int chunkBytes) {
        this.tensors = tensors;
        this.chunkFloats = chunkBytes / 4;
        skipEmpty();
    }

    boolean hasNext() {
        return tensor < tensors.size();
    }

    TensorChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] values = tensors.get(tensor).values();
        int n = Math.min(chunkFloats, values.length - offset);
        TensorChunk chunk = TensorChunk.newBuilder()
                .setTensorIndex(tensor)
                .setByteOffset(4L * offset)
                .setData(bytes(values, offset, n))
                .build();
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

    static ByteString bytes(float[] values, int from, int count) {
        byte[] out = new byte[4 * count];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, from, count);
        // The array is never touched again: wrapping it without a copy is safe.
        return UnsafeByteOperations.unsafeWrap(out);
    }
}
