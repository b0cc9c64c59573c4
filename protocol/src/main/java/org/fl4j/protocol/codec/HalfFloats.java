package org.fl4j.protocol.codec;

/**
 * Conversions between float32 and the two 16-bit formats, rounding to nearest, ties to even: IEEE binary16
 * (fp16: 5 exponent bits, overflow to infinity, subnormals kept) and bfloat16 (float32's upper half). NaN stays
 * NaN. Java 17 has no {@code Float.floatToFloat16}.
 */
final class HalfFloats {

    private HalfFloats() {
    }

    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e > 0 && e < 0x1f) {
            // The usual case, without a branch on the rounding: the exponent and mantissa shifted together round
            // to nearest even at bit 13, and a carry out of the mantissa moves to the next exponent (up to
            // infinity, 0x7c00, as it should).
            int biased = (e << 23) | mant;
            return (short) (sign | ((biased + 0xfff + ((biased >>> 13) & 1)) >>> 13));
        }
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e < -10) {
            return (short) sign;
        }
        int full = mant | 0x800000;
        return (short) (sign | roundShift(full, 14 - e));
    }

    private static int roundShift(int value, int shift) {
        int out = value >>> shift;
        int rem = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (out & 1) == 1)) {
            out++;
        }
        return out;
    }

    static float fromHalf(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    static short toBfloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        bits += 0x7fff + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    static float fromBfloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
