package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Top-k sparsification per chunk: of a chunk's n values only the k of largest magnitude travel, k = ceil(n *
 * per_million / 10^6) (at least 1); the others decode as 0. Encoding: k as a varint, the k indices ascending as
 * varint gaps (the first index, then each index minus the previous one minus 1), then the k values as float32.
 * Ties at the threshold go to the lower indices, so encoding is deterministic. Without error feedback at the
 * sender what is dropped is lost; with it (the sender adds what it dropped to its next update) training
 * converges like uncompressed training at a fraction of the bytes.
 */
final class TopK implements FloatStage {

    static final String NAME = "topk";
    static final long DEFAULT_PER_MILLION = 10_000;
    private static final int MAX_VARINT = 5;

    private final int perMillion;

    private TopK(int perMillion) {
        this.perMillion = perMillion;
    }

    static TopK create(Params p) {
        return new TopK(p.only("per_million").get("per_million", DEFAULT_PER_MILLION, 1, 1_000_000));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Long> params() {
        return Map.of("per_million", (long) perMillion);
    }

    @Override
    public boolean lossless() {
        return false;
    }

    /** Values kept of a chunk of {@code n}. */
    int k(int n) {
        if (n == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(n, ((long) n * perMillion + 999_999) / 1_000_000));
    }

    @Override
    public int maxEncodedBytes(int n) {
        return Math.addExact(MAX_VARINT, Math.multiplyExact(k(n), MAX_VARINT + 4));
    }

    @Override
    public void encode(float[] in, int from, int n, ByteBuffer out) {
        int k = k(n);
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Float.floatToRawIntBits(in[from + i]) & 0x7fffffff;
        }
        int threshold = k == 0 ? Integer.MAX_VALUE : Select.kthLargest(keys, k);
        int above = 0;
        for (int key : keys) {
            if (key > threshold) {
                above++;
            }
        }
        int ties = k - above;
        Varints.write(out, k);
        int[] kept = new int[k];
        int m = 0;
        for (int i = 0; i < n && m < k; i++) {
            if (keys[i] > threshold || keys[i] == threshold && ties-- > 0) {
                kept[m++] = i;
            }
        }
        int previous = -1;
        for (int i : kept) {
            Varints.write(out, i - previous - 1);
            previous = i;
        }
        ByteBuffer values = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < k; j++) {
            values.putFloat(4 * j, in[from + kept[j]]);
        }
        out.position(out.position() + 4 * k);
    }

    @Override
    public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
        int k = Varints.read(in, NAME);
        if (k != k(n)) {
            throw new CodecException(NAME + ": the chunk keeps " + k + " values, its parameters (per_million "
                    + perMillion + ") keep k = " + k(n) + " of " + n + " values");
        }
        java.util.Arrays.fill(out, outFrom, outFrom + n, 0f);
        int[] indices = new int[k];
        long index = -1;
        for (int j = 0; j < k; j++) {
            index += 1L + Varints.read(in, NAME);
            if (index >= n) {
                throw new CodecException(NAME + ": index " + index + " is beyond the chunk's " + n + " values");
            }
            indices[j] = (int) index;
        }
        Sizes.exactly(NAME, in, 4L * k, k + " kept values after their indices");
        ByteBuffer values = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < k; j++) {
            out[outFrom + indices[j]] = values.getFloat(4 * j);
        }
        in.position(in.limit());
    }
}
