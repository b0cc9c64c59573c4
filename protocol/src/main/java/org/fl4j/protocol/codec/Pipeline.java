package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A chain of stages a transfer's chunks go through: one {@link FloatStage} (fp32 when the plan names only
 * lossless stages), then the {@link ByteStage}s in order. Its {@link #name} is the wire's codec name, the stage
 * names joined by {@code +}. Immutable and thread-safe; {@link Encoder}s and {@link Decoder}s hold the scratch
 * buffers of one transfer (a chunk's size each) and are not.
 */
public final class Pipeline {

    /** A stage as a plan or codec_metadata names it. */
    public record StageSpec(String name, Map<String, Long> params) {
        public StageSpec {
            params = Map.copyOf(params);
        }
    }

    private final FloatStage first;
    private final List<ByteStage> rest;

    private Pipeline(FloatStage first, List<ByteStage> rest) {
        this.first = first;
        this.rest = List.copyOf(rest);
    }

    /**
     * The pipeline of {@code specs}, in order.
     *
     * @throws CodecException for an unknown stage, bad parameters, or a float stage after the first place
     */
    public static Pipeline of(List<StageSpec> specs) {
        if (specs.isEmpty()) {
            throw new CodecException("a pipeline needs at least one stage");
        }
        List<Stage> stages = new ArrayList<>();
        for (StageSpec s : specs) {
            stages.add(Codecs.stage(s.name(), s.params()));
        }
        FloatStage first = stages.get(0) instanceof FloatStage f ? f : Fp32.create(new Params(Fp32.NAME, Map.of()));
        List<ByteStage> rest = new ArrayList<>();
        for (int i = stages.get(0) instanceof FloatStage ? 1 : 0; i < stages.size(); i++) {
            if (!(stages.get(i) instanceof ByteStage b)) {
                throw new CodecException(stages.get(i).name() + " turns float values into bytes and must come first,"
                        + " found after " + stages.get(i - 1).name());
            }
            rest.add(b);
        }
        return new Pipeline(first, rest);
    }

    /** The wire's codec name: the stage names joined by {@code +}. */
    public String name() {
        return stages().stream().map(Stage::name).collect(Collectors.joining("+"));
    }

    public List<Stage> stages() {
        List<Stage> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    public List<StageSpec> specs() {
        return stages().stream().map(s -> new StageSpec(s.name(), s.params())).toList();
    }

    public boolean lossless() {
        return first.lossless();
    }

    /** The most bytes a chunk of {@code n} values encodes to. */
    public int maxEncodedBytes(int n) {
        long m = first.maxEncodedBytes(n);
        for (ByteStage b : rest) {
            m = b.maxEncodedBytes(Math.toIntExact(m));
        }
        return Math.toIntExact(m);
    }

    /**
     * The most values a chunk may hold so that it encodes to at most {@code chunkBytes} and its decoded values
     * take at most {@code 4 * chunkBytes} bytes of the receiver's memory; at least 1.
     */
    public int chunkValues(int chunkBytes) {
        int lo = 1;
        int hi = chunkBytes;
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) >>> 1);
            if (maxEncodedBytes(mid) <= chunkBytes) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Encodes chunks of at most {@code chunkValues} values. */
    public Encoder encoder(int chunkValues) {
        return new Encoder(chunkValues);
    }

    /** Decodes chunks of at most {@code chunkValues} values. */
    public Decoder decoder(int chunkValues) {
        return new Decoder(chunkValues);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pipeline p && specs().equals(p.specs());
    }

    @Override
    public int hashCode() {
        return specs().hashCode();
    }

    @Override
    public String toString() {
        return name();
    }

    /** One transfer's encoding side. */
    public final class Encoder {
        private final ByteBuffer[] buffers;

        private Encoder(int chunkValues) {
            int size = maxEncodedBytes(chunkValues);
            buffers = new ByteBuffer[] {ByteBuffer.allocate(size), ByteBuffer.allocate(rest.isEmpty() ? 0 : size)};
        }

        /** The encoding of {@code n} values from {@code from}, valid until the next call. */
        public ByteBuffer encode(float[] values, int from, int n) {
            ByteBuffer cur = buffers[0].clear();
            first.encode(values, from, n, cur);
            cur.flip();
            int which = 0;
            for (ByteStage b : rest) {
                ByteBuffer next = buffers[1 - which].clear();
                b.encode(cur, next);
                cur = next.flip();
                which = 1 - which;
            }
            return cur;
        }
    }

    /** One transfer's decoding side. */
    public final class Decoder {
        private final ByteBuffer[] buffers;
        private final int chunkValues;

        private Decoder(int chunkValues) {
            this.chunkValues = chunkValues;
            int size = rest.isEmpty() ? 0 : maxEncodedBytes(chunkValues);
            buffers = new ByteBuffer[] {ByteBuffer.allocate(size), ByteBuffer.allocate(size)};
        }

        /**
         * Decodes all of {@code in} as {@code n} values into {@code out} from {@code outFrom}.
         *
         * @throws CodecException when the bytes are not such an encoding
         */
        public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
            if (n > chunkValues) {
                throw new IllegalArgumentException(n + " values in a chunk of at most " + chunkValues);
            }
            ByteBuffer cur = in;
            int which = 0;
            for (int i = rest.size() - 1; i >= 0; i--) {
                int bound = i == 0 ? first.maxEncodedBytes(n) : rest.get(i - 1).maxEncodedBytes(boundBefore(i - 1, n));
                ByteBuffer next = buffers[which].clear();
                rest.get(i).decode(cur, next, bound);
                cur = next.flip();
                which = 1 - which;
            }
            first.decode(cur, n, out, outFrom);
        }

        /** The bound of the input of byte stage {@code i}. */
        private int boundBefore(int i, int n) {
            long m = first.maxEncodedBytes(n);
            for (int j = 0; j < i; j++) {
                m = rest.get(j).maxEncodedBytes(Math.toIntExact(m));
            }
            return Math.toIntExact(m);
        }
    }
}
