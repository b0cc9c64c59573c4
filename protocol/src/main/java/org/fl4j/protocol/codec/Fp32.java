package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** float32 values as they are, little-endian: the float stage of a pipeline of lossless stages only. */
final class Fp32 implements FloatStage {

    static final String NAME = "fp32";
    private static final Fp32 INSTANCE = new Fp32();

    static Fp32 create(Params p) {
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
        return true;
    }

    @Override
    public int maxEncodedBytes(int n) {
        return Math.multiplyExact(4, n);
    }

    @Override
    public void encode(float[] in, int from, int n, ByteBuffer out) {
        ByteBuffer le = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        le.asFloatBuffer().put(in, from, n);
        out.position(out.position() + 4 * n);
    }

    @Override
    public void decode(ByteBuffer in, int n, float[] out, int outFrom) {
        Sizes.exactly(NAME, in, 4L * n, n + " values");
        in.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, outFrom, n);
        in.position(in.limit());
    }
}
