package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.fl4j.secagg.quantize.Quantiser;
import org.junit.jupiter.api.Test;

/**
 * What the aggregator receives from one collaborator looks uniform: Pearson's chi-square on the masked upload's
 * bytes (256 bins) and on its int32 values (1024 buckets by their top 10 bits), each at significance 1e-6, so a
 * correct implementation fails about once in a million runs. The same statistics on the unmasked quantised
 * vector fail by orders of magnitude: the test can tell.
 */
class MaskedInputUniformityTest {

    private static final int D = 1 << 20;

    @Test
    void maskedUpload_bytesAndInts_passChiSquare_unmaskedFails() {
        InProcessRound r = SecAggRoundTest.round(TestSites.names(3), D, SecAggRoundTest.DEFAULTS, 11)
                .keepMaskedInput("site-0000");
        InProcessRound.Outcome o = r.run(D);
        int[] masked = o.maskedInputs().get("site-0000");
        assertThat(masked).hasSize(D + 1);

        assertThat(chiSquareBytes(masked)).isLessThan(critical(255));
        assertThat(chiSquareTopBits(masked)).isLessThan(critical(1023));

        float[] update = new float[D];
        java.util.Random g = new java.util.Random(11);
        for (int i = 0; i < D; i++) {
            update[i] = (float) (g.nextGaussian() * 0.4);
        }
        int[] plain = new int[D + 1];
        new Quantiser(o.params().quantisation(), new SecureRandom()).quantise(update, 0, D, 50, plain, 0);
        plain[D] = 50;
        assertThat(chiSquareBytes(plain)).isGreaterThan(100 * critical(255));
        assertThat(chiSquareTopBits(plain)).isGreaterThan(100 * critical(1023));
    }

    private static double chiSquareBytes(int[] values) {
        long[] counts = new long[256];
        for (int v : values) {
            for (int b = 0; b < 4; b++) {
                counts[(v >>> (8 * b)) & 0xff]++;
            }
        }
        return chiSquare(counts, 4L * values.length);
    }

    private static double chiSquareTopBits(int[] values) {
        long[] counts = new long[1024];
        for (int v : values) {
            counts[v >>> 22]++;
        }
        return chiSquare(counts, values.length);
    }

    private static double chiSquare(long[] counts, long total) {
        double expected = (double) total / counts.length;
        double x = 0;
        for (long c : counts) {
            x += (c - expected) * (c - expected) / expected;
        }
        return x;
    }

    /** The chi-square quantile at upper tail 1e-6 (Wilson-Hilferty; z = 4.753). */
    private static double critical(int df) {
        double a = 2.0 / (9.0 * df);
        return df * Math.pow(1 - a + 4.753 * Math.sqrt(a), 3);
    }
}
