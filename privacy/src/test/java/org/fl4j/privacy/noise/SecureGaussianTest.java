package org.fl4j.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grid Gaussian: its integers against the normal distribution (chi-square over 34 bins), its mean and
 * variance, the grid property that defeats the floating-point attack, and the keystream it draws from.
 */
class SecureGaussianTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] COUNTER = new byte[16];

    private static SecureGaussian seeded(int seed) {
        byte[] key = KEY.clone();
        key[0] = (byte) seed;
        return new SecureGaussian(new AesCtrStream(key, COUNTER.clone()));
    }

    /** P(a < Z < b) for a standard normal Z, by Simpson's rule on the density (2,000 panels). */
    private static double normalMass(double a, double b) {
        int n = 2000;
        double h = (b - a) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            double x = a + i * h;
            sum += w * Math.exp(-x * x / 2);
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.1, 0.003, 250})
    void integers_fitTheNormalDistribution(double stddev) {
        GridGaussian table = new GridGaussian(stddev / SecureGaussian.granularity(stddev));
        AesCtrStream random = new AesCtrStream(KEY.clone(), COUNTER.clone());
        double width = 0.25;
        long[] observed = new long[34];
        for (int i = 0; i < 1_000_000; i++) {
            double x = table.sample(random) / table.s;
            int bin = x < -4 ? 0 : x >= 4 ? 33 : 1 + (int) Math.floor((x + 4) / width);
            observed[bin]++;
        }
        double[] p = new double[34];
        p[0] = normalMass(-12, -4);
        p[33] = normalMass(4, 12);
        for (int b = 1; b < 33; b++) {
            p[b] = normalMass(-4 + (b - 1) * width, -4 + b * width);
        }

        assertThat(ChiSquare.statistic(observed, p)).isLessThan(ChiSquare.critical(33));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 2.0, 0.37})
    void noise_hasMeanZeroAndTheRequestedVariance(double stddev) {
        float[] v = new float[1_000_000];
        seeded(2).addNoise(v, 0, v.length, stddev);

        double mean = 0;
        double square = 0;
        for (float x : v) {
            mean += x;
            square += (double) x * x;
        }
        mean /= v.length;
        double variance = square / v.length - mean * mean;

        assertThat(mean).isCloseTo(0, within(4 * stddev / Math.sqrt(v.length)));
        assertThat(variance).isCloseTo(stddev * stddev, within(4 * stddev * stddev * Math.sqrt(2.0 / v.length)));
    }

    @Test
    void outputs_lieOnTheGridAndDependOnlyOnTheSnappedInput() {
        double stddev = 0.8;
        double g = SecureGaussian.granularity(stddev);
        SecureGaussian a = seeded(3);
        SecureGaussian b = seeded(3);
        GridGaussian t = a.table(stddev);
        GridGaussian u = b.table(stddev);

        for (int i = 0; i < 10_000; i++) {
            double x = 0.1234567 + i * 1e-3;
            double close = x + g / 7; // a different double with the same snapped value (unless it crosses)
            double ya = a.noisy(x, g, t);
            double yb = b.noisy(close, g, u);
            assertThat(ya / g).isEqualTo(Math.rint(ya / g));
            if (Math.rint(x / g) == Math.rint(close / g)) {
                assertThat(yb).isEqualTo(ya);
            }
        }
    }

    @Test
    void granularity_isAPowerOfTwo2To24To2To25TimesBelowTheStddev() {
        assertThat(SecureGaussian.granularity(1.0)).isEqualTo(0x1p-24);
        assertThat(SecureGaussian.granularity(1.99)).isEqualTo(0x1p-24);
        assertThat(SecureGaussian.granularity(2.0)).isEqualTo(0x1p-23);
        assertThat(SecureGaussian.granularity(0.3)).isEqualTo(0x1p-26);
        assertThatThrownBy(() -> SecureGaussian.granularity(0))
                .hasMessage("noise standard deviation must be a positive normal number, found 0.0");
    }

    @Test
    void addNoise_touchesOnlyTheRange() {
        float[] v = {1, 2, 3, 4};
        seeded(4).addNoise(v, 1, 2, 0.5);

        assertThat(v[0]).isEqualTo(1);
        assertThat(v[3]).isEqualTo(4);
        assertThat(v[1]).isNotEqualTo(2);
        assertThatThrownBy(() -> seeded(4).addNoise(v, 3, 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> seeded(4).addNoise(v, 0, 1, Double.NaN)).hasMessageContaining("found NaN");
    }

    @Test
    void keystream_isAes256CtrOfZeros() throws Exception {
        byte[] key = new byte[32];
        byte[] counter = new byte[16];
        key[5] = 9;
        counter[15] = 1;
        AesCtrStream s = new AesCtrStream(key.clone(), counter.clone());
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        ByteBuffer expected = ByteBuffer.wrap(c.doFinal(new byte[200 * 1024])).order(ByteOrder.LITTLE_ENDIAN);

        for (int i = 0; i < 200 * 1024 / 8; i++) {
            assertThat(s.nextLong()).isEqualTo(expected.getLong());
        }
    }

    @Test
    void defaultInstances_drawDifferentNoise() {
        float[] a = new float[8];
        float[] b = new float[8];
        new SecureGaussian().addNoise(a, 0, 8, 1);
        new SecureGaussian().addNoise(b, 0, 8, 1);

        assertThat(a).isNotEqualTo(b);
    }
}
