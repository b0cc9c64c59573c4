package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * 4-bit quantisation on the NormalFloat grid (NF4: the 16 levels are quantiles of a standard normal scaled to
 * [-1, 1], with an exact 0), one absmax scale per block of {@code block} values: the chunk's block scales as
 * float32, then two values a byte (low nibble first), each the index of the nearest level of x / scale. About
 * 7x fewer bytes than float32 at the default block of 64.
 */
final class Nf4 implements FloatStage {

    static final String NAME = "nf4";
    static final int DEFAULT_BLOCK = 64;
    static final float[] LEVELS = {-1.0f, -0.6961928f, -0.52507305f, -0.3949175f, -0.28444138f, -0.18477343f,
        -0.091050036f, 0.0f, 0.0795803f, 0.1609302f, 0.2461123f, 0.33791524f, 0.44070983f, 0.562617f, 0.72295684f,
        1.0f};
    private static final float[] MIDPOINTS = new float[15];

    static {
        for (int i = 0; i < 15; i++) {
            MIDPOINTS[i] = (LEVELS[i] + LEVELS[i + 1]) / 2;
        }
    }

    private final int block;

    private Nf4(int block) {
        this.block = block;
    }

    static Nf4 create(Params p) {
        return new Nf4(p.only("block").get("block", DEFAULT_BLOCK, 8, 1 << 16));
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
        return Math.addExact((n + 1) / 2, Math.multiplyExact(4, Sizes.blocks(n, block)));
    }

    /**
     * The index of the level nearest {@code normalized}: how many midpoints between neighbouring levels lie
     * strictly below it (ties go to the lower level; NaN to level 0). Fifteen comparisons without a branch,
     * which beat a binary search whose four branches a predictor cannot guess.
     */
    static int level(float normalized) {
        int code = 0;
        for (int i = 0; i < MIDPOINTS.length; i++) {
            code += normalized > MIDPOINTS[i] ? 1 : 0;
        }
        return code;
    }

    @Override
    public void encode(float[] in, int from, int n, ByteBuffer out) {
        ByteBuffer o = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        int blocks = Sizes.blocks(n, block);
        int base = 4 * blocks;
        byte[] codes = new byte[n];
        for (int b = 0; b < blocks; b++) {
            int start = b * block;
            int end = Math.min(start + block, n);
            float absmax = 0;
            for (int i = start; i < end; i++) {
                absmax = Math.max(absmax, Math.abs(in[from + i]));
            }
            float scale = Float.isFinite(absmax) ? absmax : Float.NaN;
            o.putFloat(4 * b, scale);
            float inverse = scale > 0 ? 1f / scale : 0f;
            for (int i = start; i < end; i++) {
                codes[i] = (byte) (Float.isNaN(scale) ? 7 : level(in[from + i] * inverse));
            }
        }
        for (int i = 0; i < n; i += 2) {
            int high = i + 1 < n ? codes[i + 1] << 4 : 0;
            o.put(base + i / 2, (byte) (codes[i] | high));
        }
        out.position(out.position() + base + (n + 1) / 2);
    }

    @Override
    public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
        int blocks = Sizes.blocks(n, block);
        Sizes.exactly(NAME, in, 4L * blocks + (n + 1) / 2, n + " values in " + blocks + " blocks of " + block);
        ByteBuffer b = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        int base = 4 * blocks;
        if (n % 2 == 1 && (b.get(base + n / 2) & 0xf0) != 0) {
            throw new CodecException(NAME + ": the unused high nibble of the chunk's last byte is not zero");
        }
        for (int i = 0; i < n; i++) {
            int packed = b.get(base + i / 2);
            int code = (i & 1) == 0 ? packed & 0x0f : (packed >> 4) & 0x0f;
            out[outFrom + i] = LEVELS[code] * b.getFloat(4 * (i / block));
        }
        in.position(in.limit());
    }
}
