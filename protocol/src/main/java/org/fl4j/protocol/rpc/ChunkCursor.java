package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import java.util.List;
import org.fl4j.protocol.codec.CodecException;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Follows the chunks of a transfer against its declared tensors: chunks must come tensor after tensor,
 * each tensor from offset 0 without gaps or overlaps, never beyond the declared size, and all the chunks'
 * bytes together within the transfer's maximum. Raw tensors come in whole float32 values; an encoded tensor
 * ({@link TensorSpec#encoding()}) comes as one encoded chunk per run of values, decoded as it arrives
 * ({@link EncodedTensors}). Refusals name the tensor and the offending field.
 */
final class ChunkCursor {

    private final List<TensorSpec> specs;
    private final int maxChunkBytes;
    private final long maxBytes;
    private final String what;
    private final EncodedTensors encoded;
    private int tensor;
    private long offset;
    private long chunkIndex;
    private long received;

    /** A cursor for raw tensors only (encoded ones have no base to decode deltas against). */
    ChunkCursor(List<TensorSpec> specs, int maxChunkBytes, String what) {
        this(specs, maxChunkBytes, Long.MAX_VALUE, what, DeltaBases.NONE);
    }

    /**
     * @param maxBytes the most bytes all chunks together may hold (network.settings.max_model_mb)
     * @param bases the models deltas may be taken against; asked for each delta-encoded tensor's base now
     */
    ChunkCursor(List<TensorSpec> specs, int maxChunkBytes, long maxBytes, String what, DeltaBases bases) {
        this.specs = specs;
        this.maxChunkBytes = maxChunkBytes;
        this.maxBytes = maxBytes;
        this.what = what;
        this.encoded = new EncodedTensors(specs, bases, what);
        skipEmpty();
    }

    /** Where a checked chunk's values go: tensor {@code tensor}'s values from element {@code element} on. */
    @FunctionalInterface
    interface Values {
        void accept(int tensor, int element, ByteBuffer littleEndianFloats);
    }

    /** The models a receiver holds, for deltas against them. */
    @FunctionalInterface
    interface DeltaBases {
        DeltaBases NONE = round -> {
            throw FederationException.invalid("a delta against round " + round + ": this receiver takes no deltas");
        };

        /** The model of {@code round}, or a {@link FederationException} naming why it is not held. */
        List<Tensor> model(long round);
    }

    /**
     * Checks a received chunk whose tensor bytes are {@code data}, then passes them to {@code into} as runs of
     * whole values ({@link FloatRuns}), placed in their tensor; an encoded chunk is decoded first.
     */
    void accept(TensorChunk chunk, List<ByteBuffer> data, Values into) {
        int size = 0;
        for (ByteBuffer b : data) {
            size += b.remaining();
        }
        int index = chunk.getTensorIndex();
        int first = (int) (offset / Float.BYTES);
        if (!complete() && specs.get(tensor).encoding() != null && index == tensor) {
            long values = offset;
            long chunkNo = chunkIndex;
            check(chunk, size, false);
            try {
                encoded.decode(index, chunkNo, data, size, into);
            } catch (CodecException e) {
                throw FederationException.invalid(what + ": tensor '" + specs.get(index).name() + "', chunk " + chunkNo
                        + " (encoded bytes from " + values + "): " + e.getMessage());
            }
            return;
        }
        check(chunk, size, true);
        FloatRuns.forEach(data, (element, values) -> into.accept(index, first + element, values));
    }

    /** Checks a chunk of {@code size} bytes against the declared tensors. */
    private void check(TensorChunk chunk, int size, boolean raw) {
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
        if (size == 0 || raw && size % 4 != 0) {
            throw FederationException.invalid(what + ": tensor '" + spec.name() + "': chunk of " + size + " bytes is"
                    + (raw ? " not a positive multiple of 4 (float32)" : " empty"));
        }
        if (size > maxChunkBytes) {
            throw new FederationException(FederationException.Kind.TOO_LARGE, what + ": tensor '" + spec.name()
                    + "': chunk of " + size + " bytes exceeds the chunk limit of " + maxChunkBytes);
        }
        received += size;
        if (received > maxBytes) {
            throw new FederationException(FederationException.Kind.TOO_LARGE, what + ": " + received
                    + " bytes of encoded tensors exceed the maximum of " + maxBytes
                    + " bytes (network.settings.max_model_mb)");
        }
        if (raw) {
            if (offset + size > spec.byteSize()) {
                throw FederationException.invalid(what + ": tensor '" + spec.name() + "': chunk ends at byte "
                        + (offset + size) + ", beyond the declared " + spec.byteSize() + " bytes of shape "
                        + java.util.Arrays.toString(spec.shape()));
            }
            offset += size;
            if (offset == spec.byteSize()) {
                next();
            }
            return;
        }
        offset += size;
        chunkIndex++;
        if (chunkIndex * spec.encoding().chunkValues() >= spec.elementCount()) {
            next();
        }
    }

    private void next() {
        tensor++;
        offset = 0;
        chunkIndex = 0;
        skipEmpty();
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
        if (spec.encoding() != null) {
            return "tensor " + tensor + " '" + spec.name() + "' after " + chunkIndex + " encoded chunks of "
                    + spec.encoding().chunkValues() + " of its " + spec.elementCount() + " values";
        }
        return "tensor " + tensor + " '" + spec.name() + "' at byte " + offset + " of " + spec.byteSize();
    }

    private void skipEmpty() {
        while (tensor < specs.size() && specs.get(tensor).byteSize() == 0) {
            tensor++;
        }
    }
}
