package org.fl4j.protocol.rpc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.codec.ErrorFeedback;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Cuts tensors into encoded chunks, lazily, one chunk's values at a time: copied into a chunk-sized scratch
 * array, the base model's values subtracted (a delta), the error-feedback residual added, then encoded; with
 * error feedback the chunk is decoded again and what the receiver will miss becomes the pending residual. Only
 * chunk-sized buffers are allocated, besides each chunk's bytes. Empty tensors produce no chunk.
 */
final class EncodedChunkSource {

    private final List<Tensor> tensors;
    private final OutgoingEncoding how;
    private final int chunkValues;
    private final Pipeline.Encoder encoder;
    private final Pipeline.Decoder decoder;
    private final float[] scratch;
    private final float[] decoded;
    private final ErrorFeedback feedback;
    private int tensor;
    private int offset;
    private long byteOffset;

    EncodedChunkSource(List<Tensor> tensors, OutgoingEncoding how, int chunkBytes) {
        this.tensors = tensors;
        this.how = how;
        this.chunkValues = how.pipeline().chunkValues(chunkBytes);
        int most = 0;
        for (Tensor t : tensors) {
            most = Math.max(most, Math.min(chunkValues, t.size()));
        }
        this.encoder = how.pipeline().encoder(Math.max(most, 1));
        this.scratch = new float[most];
        this.feedback = how.feedback();
        this.decoder = feedback == null ? null : how.pipeline().decoder(Math.max(most, 1));
        this.decoded = feedback == null ? null : new float[most];
        if (how.base() != null && !how.base().sameLayout(new org.fl4j.protocol.model.ModelWeights(tensors))) {
            throw new IllegalArgumentException("the delta base of round " + how.baseRound()
                    + " does not have the layout of the tensors sent");
        }
        if (feedback != null) {
            feedback.begin();
        }
        skipEmpty();
    }

    /** The specs of the tensors as they travel. */
    static List<TensorSpec> specs(List<Tensor> tensors, OutgoingEncoding how, int chunkBytes) {
        Encoding e = new Encoding(how.pipeline(), how.pipeline().chunkValues(chunkBytes), how.deltaRound());
        List<TensorSpec> out = new ArrayList<>(tensors.size());
        tensors.forEach(t -> out.add(TensorSpec.of(t).encoded(e)));
        return out;
    }

    boolean hasNext() {
        return tensor < tensors.size();
    }

    TensorChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] values = tensors.get(tensor).values();
        int n = Math.min(chunkValues, values.length - offset);
        System.arraycopy(values, offset, scratch, 0, n);
        if (how.base() != null) {
            float[] base = how.base().tensors().get(tensor).values();
            for (int i = 0; i < n; i++) {
                scratch[i] -= base[offset + i];
            }
        }
        if (feedback != null) {
            float[] residual = feedback.committed(tensor);
            for (int i = 0; i < n; i++) {
                scratch[i] += residual[offset + i];
            }
        }
        ByteBuffer bytes = encoder.encode(scratch, 0, n);
        if (feedback != null) {
            decoder.decode(bytes.duplicate(), n, decoded, 0);
            float[] pending = feedback.pending(tensor);
            for (int i = 0; i < n; i++) {
                pending[offset + i] = scratch[i] - decoded[i];
            }
        }
        TensorChunk chunk = TensorChunk.newBuilder().setTensorIndex(tensor).setByteOffset(byteOffset)
                .setData(ByteString.copyFrom(bytes)).build();
        byteOffset += chunk.getData().size();
        offset += n;
        if (offset == values.length) {
            tensor++;
            offset = 0;
            byteOffset = 0;
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
