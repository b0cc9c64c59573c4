package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import java.util.List;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Follows the chunks of a transfer against its declared tensors: chunks must come tensor after tensor,
 * each tensor from offset 0 without gaps or overlaps, in whole float32 values, never beyond the declared
 * size. Refusals name the tensor and the offending field.
 */
final class ChunkCursor {

    private final List<TensorSpec> specs;
    private final int maxChunkBytes;
    private final String what;
    private int tensor;
    private long offset;

    ChunkCursor(List<TensorSpec> specs, int maxChunkBytes, String what) {
        this.specs = specs;
        this.maxChunkBytes = maxChunkBytes;
        this.what = what;
        skipEmpty();
    }

    /** Where a checked chunk's values go: tensor {@code tensor}'s values from element {@code element} on. */
    @FunctionalInterface
    interface Values {
        void accept(int tensor, int element, ByteBuffer littleEndianFloats);
    }

    /**
     * Checks a received chunk whose tensor bytes are {@code data}, then passes them to {@code into} as runs of
     * whole values ({@link FloatRuns}), placed in their tensor.
     */
    void accept(TensorChunk chunk, List<ByteBuffer> data, Values into) {
        int size = 0;
        for (ByteBuffer b : data) {
            size += b.remaining();
        }
        int index = chunk.getTensorIndex();
        int first = (int) (offset / Float.BYTES);
        check(chunk, size);
        FloatRuns.forEach(data, (element, values) -> into.accept(index, first + element, values));
    }

    /** Checks a chunk of {@code size} bytes (little-endian float32 values) against the declared tensors. */
    private void check(TensorChunk chunk, int size) {
        if (complete()) {
            throw FederationException.invalid(what + ": chunk after the last declared tensor (tensor_index "
                    + chunk.getTensorIndex() + ")");
        }
        TensorSpec spec = specs.get(tensor);
        if (chunk.getTensorIndex() != tensor) {
            throw FederationException.invalid(what + ": expected a chunk of tensor " + tensor + " '" + spec.name()
                    + "' at byte " + offset + ", found tensor_index " + chunk.getTensorIndex());
        }
        if (chunk.getByteOffset() != offset) {
            throw FederationException.invalid(what + ": tensor '" + spec.name() + "': expected byte_offset " + offset
                    + ", found " + chunk.getByteOffset());
        }
        if (size == 0 || size % 4 != 0) {
            throw FederationException.invalid(what + ": tensor '" + spec.name() + "': chunk of " + size
                    + " bytes is not a positive multiple of 4 (float32)");
        }
        if (size > maxChunkBytes) {
            throw new FederationException(FederationException.Kind.TOO_LARGE, what + ": tensor '" + spec.name()
                    + "': chunk of " + size + " bytes exceeds the chunk limit of " + maxChunkBytes);
        }
        if (offset + size > spec.byteSize()) {
            throw FederationException.invalid(what + ": tensor '" + spec.name() + "': chunk ends at byte "
                    + (offset + size) + ", beyond the declared " + spec.byteSize() + " bytes of shape "
                    + java.util.Arrays.toString(spec.shape()));
        }
        offset += size;
        if (offset == spec.byteSize()) {
            tensor++;
            offset = 0;
            skipEmpty();
        }
    }

    /** True when every declared tensor has all its bytes. */
    boolean complete() {
        return tensor >= specs.size();
    }

    /** Where the transfer stands, for an error message about a premature end. */
    String position() {
        if (complete()) {
            return "complete";
        }
        TensorSpec spec = specs.get(tensor);
        return "tensor " + tensor + " '" + spec.name() + "' at byte " + offset + " of " + spec.byteSize();
    }

    private void skipEmpty() {
        while (tensor < specs.size() && specs.get(tensor).byteSize() == 0) {
            tensor++;
        }
    }
}
