package org.fl4j.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    /** Values and their fp16 bits as NumPy 2 casts them (float32 -> float16, round to nearest even). */
    private static final float[] VALUES = {0.1f, 1 / 3f, 65504f, 65520f, 65519.99f, 1e-5f, 6e-8f, 2.98e-8f, 3e-8f,
        -2.5e-6f, 1.00146484375f, 1.00048828125f, 1e10f, -0.0f, 5.96e-8f};
    private static final int[] NUMPY_BITS = {0x2e66, 0x3555, 0x7bff, 0x7c00, 0x7bff, 0xa8, 0x1, 0x0, 0x1, 0x802a,
        0x3c02, 0x3c00, 0x7c00, 0x8000, 0x1};

    @Test
    void toHalf_numpyCases_sameBits() {
        for (int i = 0; i < VALUES.length; i++) {
            assertThat(HalfFloats.toHalf(VALUES[i]) & 0xffff).as("fp16 of %s", VALUES[i]).isEqualTo(NUMPY_BITS[i]);
        }
    }

    @Test
    void toHalf_everyHalf_roundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.fromHalf((short) h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(HalfFloats.fromHalf(HalfFloats.toHalf(f)))).isTrue();
            } else {
                assertThat(HalfFloats.toHalf(f) & 0xffff).as("half %x", h).isEqualTo(h);
            }
        }
    }

    /**
     * Round to nearest even computed independently, in double arithmetic: the value's binade's fp16 spacing (2^-24
     * below the normal range), {@link Math#rint} of the value in those units (exact: a float over a power of two),
     * infinity from 65520 up.
     */
    private static float referenceHalf(float f) {
        double a = Math.abs((double) f);
        if (a == 0) {
            return f;
        }
        int binade = Math.max(Math.getExponent(a), -14);
        double ulp = Math.scalb(1.0, binade - 10);
        double rounded = Math.rint(a / ulp) * ulp;
        float magnitude = rounded >= 65520 ? Float.POSITIVE_INFINITY : (float) rounded;
        return f < 0 ? -magnitude : magnitude;
    }

    @Test
    void toHalf_randomAndDenseFloats_matchTheReferenceRounding() {
        java.util.Random random = new java.util.Random(7);
        int checked = 0;
        for (int i = 0; i < 2_000_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f) && !Float.isInfinite(f)) {
                assertThat(HalfFloats.fromHalf(HalfFloats.toHalf(f))).as("%s (bits %x)", f,
                        Float.floatToRawIntBits(f)).isEqualTo(referenceHalf(f));
                checked++;
            }
        }
        // Every float in [1, 2) and around the largest half, where the rounding carries into the exponent.
        for (int bits = Float.floatToRawIntBits(1f); bits < Float.floatToRawIntBits(2f); bits++) {
            float f = Float.intBitsToFloat(bits);
            assertThat(HalfFloats.fromHalf(HalfFloats.toHalf(f))).isEqualTo(referenceHalf(f));
        }
        for (int bits = Float.floatToRawIntBits(65000f); bits < Float.floatToRawIntBits(66000f); bits++) {
            float f = Float.intBitsToFloat(bits);
            assertThat(HalfFloats.fromHalf(HalfFloats.toHalf(-f))).isEqualTo(referenceHalf(-f));
        }
        assertThat(checked).isGreaterThan(1_900_000);
    }

    @Test
    void toBfloat_tiesAndNan_roundToEvenKeepNan() {
        assertThat(HalfFloats.fromBfloat(HalfFloats.toBfloat(1f + 0x1p-8f))).isEqualTo(1f);
        assertThat(HalfFloats.fromBfloat(HalfFloats.toBfloat(1f + 0x1p-7f + 0x1p-8f))).isEqualTo(1f + 0x1p-6f);
        assertThat(HalfFloats.fromBfloat(HalfFloats.toBfloat(3.0e38f))).isEqualTo(3.0040553e38f);
        assertThat(HalfFloats.fromBfloat(HalfFloats.toBfloat(Float.NaN))).isNaN();
    }
}
