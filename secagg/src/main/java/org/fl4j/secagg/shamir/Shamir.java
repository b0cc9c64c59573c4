package org.fl4j.secagg.shamir;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * t-of-n Shamir secret sharing of 256-bit secrets over GF(2^61 - 1). The secret's 32 bytes are cut into
 * {@link #LIMBS} limbs of 7, 7, 7, 7 and 4 bytes (big-endian, so every limb is below 2^56, inside the field);
 * each limb is the constant term of its own polynomial of degree t - 1 whose other coefficients are uniform in
 * the field, and a share holds the five polynomials' values at one point x. Any t shares give the secret back
 * by Lagrange interpolation at 0; t - 1 shares are, limb by limb, uniformly distributed whatever the secret.
 * Interpolating from shares that do not come from one sharing yields limbs that are, with overwhelming
 * probability, not below 2^56: {@link #reconstruct} then refuses.
 */
public final class Shamir {

    public static final int SECRET_BYTES = 32;
    public static final int LIMBS = 5;
    private static final int[] LIMB_BYTES = {7, 7, 7, 7, 4};

    private Shamir() {
    }

    /** Shares of {@code secret} at the points {@code xs} (distinct, 1 to 2^31 - 1) for threshold {@code t}. */
    public static List<Share> split(byte[] secret, int t, int[] xs, SecureRandom random) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the secret has " + SECRET_BYTES + " bytes, found " + secret.length);
        }
        if (t < 1 || t > xs.length) {
            throw new IllegalArgumentException("threshold " + t + " must be between 1 and the " + xs.length
                    + " shares");
        }
        requireDistinct(xs);
        long[][] coefficients = new long[LIMBS][t];
        long[] limbs = limbs(secret);
        for (int l = 0; l < LIMBS; l++) {
            coefficients[l][0] = limbs[l];
            for (int c = 1; c < t; c++) {
                coefficients[l][c] = uniform(random);
            }
        }
        List<Share> shares = new ArrayList<>(xs.length);
        for (int x : xs) {
            long[] y = new long[LIMBS];
            for (int l = 0; l < LIMBS; l++) {
                y[l] = evaluate(coefficients[l], x);
            }
            shares.add(new Share(x, y));
        }
        for (long[] c : coefficients) {
            java.util.Arrays.fill(c, 0);
        }
        return shares;
    }

    /**
     * The secret from the first {@code t} shares (by x); refuses fewer than t shares, repeated points, and
     * interpolated limbs that no 256-bit secret has.
     */
    public static byte[] reconstruct(List<Share> shares, int t) {
        if (shares.size() < t) {
            throw new IllegalArgumentException(shares.size() + " shares cannot reconstruct a secret shared with"
                    + " threshold " + t);
        }
        List<Share> used = shares.stream().sorted(Comparator.comparingInt(Share::x)).limit(t).toList();
        int[] xs = used.stream().mapToInt(Share::x).toArray();
        requireDistinct(xs);
        long[] lambda = lagrangeAtZero(xs);
        long[] limbs = new long[LIMBS];
        for (int i = 0; i < t; i++) {
            long[] y = used.get(i).limbs();
            for (int l = 0; l < LIMBS; l++) {
                limbs[l] = Field61.add(limbs[l], Field61.mul(lambda[i], y[l]));
            }
        }
        return secret(limbs);
    }

    /** The Lagrange coefficients for evaluating at 0 the polynomial through the points {@code xs}. */
    static long[] lagrangeAtZero(int[] xs) {
        int t = xs.length;
        long[] numerators = new long[t];
        long[] denominators = new long[t];
        for (int i = 0; i < t; i++) {
            long num = 1;
            long den = 1;
            for (int j = 0; j < t; j++) {
                if (j != i) {
                    num = Field61.mul(num, xs[j]);
                    den = Field61.mul(den, Field61.sub(xs[j], xs[i]));
                }
            }
            numerators[i] = num;
            denominators[i] = den;
        }
        long[] inverses = batchInverse(denominators);
        long[] lambda = new long[t];
        for (int i = 0; i < t; i++) {
            lambda[i] = Field61.mul(numerators[i], inverses[i]);
        }
        return lambda;
    }

    /** Montgomery's trick: all inverses for one field inversion. */
    private static long[] batchInverse(long[] values) {
        long[] prefix = new long[values.length];
        long acc = 1;
        for (int i = 0; i < values.length; i++) {
            prefix[i] = acc;
            acc = Field61.mul(acc, values[i]);
        }
        long inv = Field61.inverse(acc);
        long[] out = new long[values.length];
        for (int i = values.length - 1; i >= 0; i--) {
            out[i] = Field61.mul(inv, prefix[i]);
            inv = Field61.mul(inv, values[i]);
        }
        return out;
    }

    static long evaluate(long[] coefficients, long x) {
        long y = 0;
        for (int c = coefficients.length - 1; c >= 0; c--) {
            y = Field61.add(Field61.mul(y, x), coefficients[c]);
        }
        return y;
    }

    static long[] limbs(byte[] secret) {
        long[] limbs = new long[LIMBS];
        int pos = 0;
        for (int l = 0; l < LIMBS; l++) {
            long v = 0;
            for (int b = 0; b < LIMB_BYTES[l]; b++) {
                v = (v << 8) | (secret[pos++] & 0xff);
            }
            limbs[l] = v;
        }
        return limbs;
    }

    static byte[] secret(long[] limbs) {
        byte[] out = new byte[SECRET_BYTES];
        int pos = SECRET_BYTES;
        for (int l = LIMBS - 1; l >= 0; l--) {
            long v = limbs[l];
            if (v >>> (8 * LIMB_BYTES[l]) != 0) {
                throw new IllegalArgumentException("the shares do not reconstruct a 256-bit secret: they do not all"
                        + " come from one sharing (a share was altered, or belongs to another secret)");
            }
            for (int b = 0; b < LIMB_BYTES[l]; b++) {
                out[--pos] = (byte) v;
                v >>>= 8;
            }
        }
        return out;
    }

    private static long uniform(SecureRandom random) {
        while (true) {
            long v = random.nextLong() >>> 3;
            if (v < Field61.P) {
                return v;
            }
        }
    }

    private static void requireDistinct(int[] xs) {
        Set<Integer> seen = new HashSet<>();
        for (int x : xs) {
            if (x <= 0) {
                throw new IllegalArgumentException("share points must be > 0, found " + x);
            }
            if (!seen.add(x)) {
                throw new IllegalArgumentException("share point " + x + " appears twice");
            }
        }
    }
}
