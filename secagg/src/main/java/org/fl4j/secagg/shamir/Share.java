package org.fl4j.secagg.shamir;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One Shamir share of a 256-bit secret: the evaluation point {@code x} (> 0) and the values at {@code x} of the
 * {@link Shamir#LIMBS} limb polynomials, each in GF(2^61 - 1). Its encoding is the limbs as 8-byte big-endian
 * numbers ({@link #Y_BYTES} bytes); x travels beside it.
 */
public record Share(int x, long[] limbs) {

    public static final int Y_BYTES = Shamir.LIMBS * Long.BYTES;

    public Share {
        if (x <= 0) {
            throw new IllegalArgumentException("a share's x must be > 0, found " + x);
        }
        if (limbs.length != Shamir.LIMBS) {
            throw new IllegalArgumentException("a share has " + Shamir.LIMBS + " limbs, found " + limbs.length);
        }
        for (long l : limbs) {
            if (l < 0 || l >= Field61.P) {
                throw new IllegalArgumentException("a share's limb must be in [0, 2^61 - 1), found " + l);
            }
        }
        limbs = limbs.clone();
    }

    @Override
    public long[] limbs() {
        return limbs.clone();
    }

    /** The limbs as {@link #Y_BYTES} bytes. */
    public byte[] y() {
        ByteBuffer b = ByteBuffer.allocate(Y_BYTES);
        for (long l : limbs) {
            b.putLong(l);
        }
        return b.array();
    }

    /** Reads a share; refuses a wrong length or a limb outside the field. */
    public static Share of(int x, byte[] y) {
        if (y.length != Y_BYTES) {
            throw new IllegalArgumentException("a share's y has " + Y_BYTES + " bytes, found " + y.length);
        }
        ByteBuffer b = ByteBuffer.wrap(y);
        long[] limbs = new long[Shamir.LIMBS];
        for (int i = 0; i < limbs.length; i++) {
            limbs[i] = b.getLong();
        }
        return new Share(x, limbs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share s && s.x == x && Arrays.equals(s.limbs, limbs);
    }

    @Override
    public int hashCode() {
        return 31 * x + Arrays.hashCode(limbs);
    }

    @Override
    public String toString() {
        return "Share[x=" + x + "]";
    }
}
