package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * 8-bit quantisation with one scale per block of {@code block} values (absmax / 127): the chunk's block scales
 * as float32, then one signed byte per value, {@code round(x / scale)}. About 4x fewer bytes than float32; the
 * error of a value is at most half a step of its block's scale. A block with a non-finite value decodes as NaN,
 * so the receiver's value checks still see it.
 */
final class Int8Blockwise implements FloatStage {

    static final String NAME = "int8_blockwise";
    static final int DEFAULT_BLOCK = 256;

    private final int block;

    private Int8Blockwise(int block) {
        this.block = block;
    }

    static Int8Blockwise create(Params p) {
        return new Int8Blockwise(p.only("block").get("block", DEFAULT_BLOCK, 8, 1 << 16));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Long> params() {
        return Map.of("block", (long) block);
    }

    @Override
    public boolean lossless() {
        return false;
    }

    @Override
    public int maxEncodedBytes(int n) {
        return Math.addExact(n, Math.multiplyExact(4, Sizes.blocks(n, block)));
    }

    @Override
    public void encode(float[] in, int from, int n, ByteBuffer out) {
        ByteBuffer o = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        int blocks = Sizes.blocks(n, block);
        int q = 4 * blocks;
        for (int b = 0; b < blocks; b++) {
            int start = from + b * block;
            int end = Math.min(start + block, from + n);
            float absmax = 0;
            for (int i = start; i < end; i++) {
                absmax = Math.max(absmax, Math.abs(in[i]));
            }
            float scale = Float.isFinite(absmax) ? absmax / 127f : Float.NaN;
            o.putFloat(4 * b, scale);
            float inverse = scale > 0 ? 1f / scale : 0f;
            for (int i = start; i < end; i++) {
                int v = Float.isNaN(scale) ? 0 : Math.round(in[i] * inverse);
                o.put(q++, (byte) Math.max(-127, Math.min(127, v)));
            }
        }
        out.position(out.position() + q);
    }

    @Override
    public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
        int blocks = Sizes.blocks(n, block);
        Sizes.exactly(NAME, in, 4L * blocks + n, n + " values in " + blocks + " blocks of " + block);
        ByteBuffer b = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        int q = 4 * blocks;
        for (int k = 0; k < blocks; k++) {
            float scale = b.getFloat(4 * k);
            int end = Math.min((k + 1) * block, n);
            for (int i = k * block; i < end; i++) {
                out[outFrom + i] = b.get(q++) * scale;
            }
        }
        in.position(in.limit());
    }
}
