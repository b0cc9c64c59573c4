package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.Tensor;

/**
 * Decodes the encoded tensors of one transfer chunk by chunk into buffers of a chunk's size: the chunk's bytes
 * (gathered when the transport split them), each pipeline's decoder, the chunk's float values, and those values
 * as little-endian bytes for the receiver. A delta chunk gets the base model's values added before it is passed
 * on. The base models are looked up when the transfer begins, so a delta against a model the receiver does not
 * hold is refused before any chunk is read.
 */
final class EncodedTensors {

    private final List<TensorSpec> specs;
    private final List<float[]> bases = new ArrayList<>();
    private final Map<Pipeline, Pipeline.Decoder> decoders = new HashMap<>();
    private final float[] values;
    private final ByteBuffer out;
    private ByteBuffer gathered = ByteBuffer.allocate(0);

    EncodedTensors(List<TensorSpec> specs, ChunkCursor.DeltaBases held, String what) {
        this.specs = specs;
        int most = 0;
        Map<Long, List<Tensor>> models = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec s = specs.get(i);
            Encoding e = s.encoding();
            bases.add(null);
            if (e == null) {
                continue;
            }
            most = (int) Math.max(most, Math.min(e.chunkValues(), s.elementCount()));
            if (e.baseRound().isPresent()) {
                long round = e.baseRound().getAsLong();
                List<Tensor> model = models.computeIfAbsent(round, held::model);
                bases.set(i, base(model, i, s, round, what));
            }
        }
        this.values = new float[most];
        this.out = ByteBuffer.allocate(4 * most).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] base(List<Tensor> model, int i, TensorSpec s, long round, String what) {
        Tensor t = i < model.size() ? model.get(i) : null;
        if (t == null || !s.sameLayout(t)) {
            throw FederationException.invalid(what + ": tensor " + i + " " + s + " is a delta against round " + round
                    + ", whose model has " + (t == null ? "no tensor " + i : "tensor " + i + " " + t.name()
                    + java.util.Arrays.toString(t.shape())) + " there");
        }
        return t.values();
    }

    /** Decodes chunk {@code chunk} of tensor {@code index} ({@code size} bytes in {@code data}) into {@code into}. */
    void decode(int index, long chunk, List<ByteBuffer> data, int size, ChunkCursor.Values into) {
        TensorSpec spec = specs.get(index);
        Encoding e = spec.encoding();
        int n = e.valuesIn(chunk, spec.elementCount());
        int start = Math.toIntExact(chunk * e.chunkValues());
        Pipeline.Decoder decoder = decoders.computeIfAbsent(e.pipeline(), p -> p.decoder(values.length));
        decoder.decode(contiguous(data, size), n, values, 0);
        float[] base = bases.get(index);
        if (base != null) {
            for (int i = 0; i < n; i++) {
                values[i] += base[start + i];
            }
        }
        out.clear();
        out.asFloatBuffer().put(values, 0, n);
        out.limit(4 * n);
        into.accept(index, start, out);
    }

    private ByteBuffer contiguous(List<ByteBuffer> data, int size) {
        if (data.size() == 1) {
            return data.get(0).duplicate();
        }
        if (gathered.capacity() < size) {
            gathered = ByteBuffer.allocate(size);
        }
        gathered.clear();
        data.forEach(b -> gathered.put(b.duplicate()));
        return gathered.flip();
    }
}
