package org.fl4j.secagg.quantize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import org.fl4j.secagg.mask.MaskStream;

/**
 * Clips, scales and stochastically rounds a site's update, weighting it (see {@link Quantisation}). The rounding
 * draws 32 random bits per coordinate from a CSPRNG: an AES-256-CTR stream keyed by 32 bytes of
 * {@link SecureRandom}, so nobody can predict which way a coordinate rounds; it rounds up when those bits, as a
 * fraction of 2^32, fall below the fractional part, which is unbiased up to 2^-32 of a quantum. Not thread-safe.
 */
public final class Quantiser {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double TWO_POW_32 = 4294967296.0;

    private final Quantisation q;
    private final double scale;
    private final MaskStream random;
    private final byte[] bits = new byte[MaskStream.CHUNK_ELEMENTS * 4];
    private long clipped;

    public Quantiser(Quantisation q, SecureRandom seedSource) {
        this.q = q;
        this.scale = q.qmax() / q.clipRange();
        byte[] key = new byte[32];
        seedSource.nextBytes(key);
        this.random = new MaskStream(key);
        java.util.Arrays.fill(key, (byte) 0);
    }

    /**
     * Writes w x round(clip(x[from + i]) q_max / c) to {@code out[outFrom + i]} for i below {@code count}.
     *
     * @throws IllegalArgumentException naming the element when a value is NaN (it cannot be clipped)
     */
    public void quantise(float[] x, int from, int count, int w, int[] out, int outFrom) {
        double c = q.clipRange();
        for (int done = 0; done < count; ) {
            int n = Math.min(MaskStream.CHUNK_ELEMENTS, count - done);
            random.next(bits, n * 4);
            for (int i = 0; i < n; i++) {
                float v = x[from + done + i];
                if (Float.isNaN(v)) {
                    throw new IllegalArgumentException("element " + (from + done + i) + " is NaN");
                }
                double clippedValue = v;
                if (v > c) {
                    clippedValue = c;
                    clipped++;
                } else if (v < -c) {
                    clippedValue = -c;
                    clipped++;
                }
                double z = clippedValue * scale;
                double floor = Math.floor(z);
                double u = Integer.toUnsignedLong((int) INT_LE.get(bits, 4 * i)) / TWO_POW_32;
                int rounded = (int) floor + (u < z - floor ? 1 : 0);
                out[outFrom + done + i] = w * rounded;
            }
            done += n;
        }
    }

    /** Coordinates clipped so far (beyond +-clip range). */
    public long clippedCount() {
        return clipped;
    }
}
