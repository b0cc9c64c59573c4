package org.fl4j.secagg.shamir;

/**
 * Arithmetic in the prime field GF(p), p = 2^61 - 1 (a Mersenne prime), on {@code long}s in [0, p). Products use
 * the 122-bit result of {@link Math#multiplyHigh} and the Mersenne reduction {@code x mod p = (x >> 61) + (x & p)}.
 */
public final class Field61 {

    /** The prime 2^61 - 1. */
    public static final long P = (1L << 61) - 1;

    private Field61() {
    }

    public static long add(long a, long b) {
        long s = a + b;
        return s >= P ? s - P : s;
    }

    public static long sub(long a, long b) {
        long d = a - b;
        return d < 0 ? d + P : d;
    }

    public static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        // a * b = hi * 2^64 + lo (unsigned lo); fold 2^64 = 2^3 mod p and 2^61 = 1 mod p
        long low61 = lo & P;
        long high = (lo >>> 61) | (hi << 3);
        return reduce(low61 + high);
    }

    /** The inverse of a non-zero element (Fermat: a^(p-2)). */
    public static long inverse(long a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse");
        }
        return pow(a, P - 2);
    }

    public static long pow(long base, long exponent) {
        long result = 1;
        long b = base;
        for (long e = exponent; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result = mul(result, b);
            }
            b = mul(b, b);
        }
        return result;
    }

    /** x mod p for 0 <= x < 2^63. */
    static long reduce(long x) {
        long r = (x & P) + (x >>> 61);
        return r >= P ? r - P : r;
    }
}
