package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Map;

/** Each value as bfloat16 (the upper half of a float32: its range, 8 bits of precision), little-endian, rounded to nearest even: two bytes a value. */
final class Bf16 implements FloatStage {

    static final String NAME = "bf16";
    private static final Bf16 INSTANCE = new Bf16();

    static Bf16 create(Params p) {
        p.only();
        return INSTANCE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Long> params() {
        return Map.of();
    }

    @Override
    public boolean lossless() {
        return false;
    }

    @Override
    public int maxEncodedBytes(int n) {
        return Math.multiplyExact(2, n);
    }

    @Override
    public void encode(float[] in, int from, int n, ByteBuffer out) {
        ShortBuffer s = out.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        for (int i = 0; i < n; i++) {
            s.put(i, HalfFloats.toBfloat(in[from + i]));
        }
        out.position(out.position() + 2 * n);
    }

    @Override
    public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
        Sizes.exactly(NAME, in, 2L * n, n + " values");
        ShortBuffer s = in.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        for (int i = 0; i < n; i++) {
            out[outFrom + i] = HalfFloats.fromBfloat(s.get(i));
        }
        in.position(in.limit());
    }
}
