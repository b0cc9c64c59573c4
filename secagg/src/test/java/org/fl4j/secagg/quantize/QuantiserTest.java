package org.fl4j.secagg.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantiserTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void quantise_everyCoordinate_withinOneQuantumOfTheClippedValue() {
        Quantisation q = new Quantisation(0.5, 12, 10_000);
        float[] x = randomFloats(100_000, 0.7, 1);
        int[] out = new int[x.length + 1];
        Quantiser quantiser = new Quantiser(q, random);
        quantiser.quantise(x, 0, x.length, 1, out, 0);
        out[x.length] = 1;

        float[] back = Dequantiser.average(out, x.length, q);
        int clipped = 0;
        for (int i = 0; i < x.length; i++) {
            double c = Math.max(-0.5, Math.min(0.5, x[i]));
            clipped += c != x[i] ? 1 : 0;
            assertThat(Math.abs(back[i] - c)).as("element %s", i).isLessThan(q.errorBound() + 1e-7);
            assertThat(Math.abs(out[i])).isLessThanOrEqualTo(q.qmax());
        }
        assertThat(quantiser.clippedCount()).isEqualTo(clipped).isPositive();
    }

    @Test
    void quantise_manyDraws_unbiased() {
        Quantisation q = new Quantisation(1.0, 8, 1);
        // 0.3 quanta above a grid point: rounds up with probability 0.3
        float value = (float) ((40 + 0.3) * q.quantum());
        int draws = 200_000;
        float[] x = new float[draws];
        java.util.Arrays.fill(x, value);
        int[] out = new int[draws];
        new Quantiser(q, random).quantise(x, 0, draws, 1, out, 0);

        long sum = 0;
        for (int v : out) {
            assertThat(v).isIn(40, 41);
            sum += v;
        }
        double mean = (double) sum / draws;
        double expected = value / q.quantum();
        // standard deviation of the mean: sqrt(0.3 x 0.7 / draws), about 0.001; allow 6 of them
        assertThat(Math.abs(mean - expected)).isLessThan(6 * Math.sqrt(0.21 / draws));
    }

    @Test
    void weightedAverage_ofManySites_withinTheBoundAndItsStandardDeviation() {
        Quantisation q = new Quantisation(1.0, 10, 1000);
        int d = 20_000;
        int sites = 12;
        int[] sum = new int[d + 1];
        double[] exact = new double[d];
        long weights = 0;
        long sumSquares = 0;
        for (int s = 0; s < sites; s++) {
            float[] x = randomFloats(d, 1.0, s + 10);
            int w = q.weight(100L * (s + 1) + (s == 3 ? 5000 : 0));
            int[] part = new int[d];
            new Quantiser(q, random).quantise(x, 0, d, w, part, 0);
            for (int i = 0; i < d; i++) {
                sum[i] += part[i];
                exact[i] += (double) w * x[i];
            }
            weights += w;
            sumSquares += (long) w * w;
        }
        sum[d] = (int) weights;
        float[] avg = Dequantiser.average(sum, d, q);
        double squaredError = 0;
        for (int i = 0; i < d; i++) {
            double error = avg[i] - exact[i] / weights;
            assertThat(Math.abs(error)).isLessThan(q.errorBound());
            squaredError += error * error;
        }
        double rms = Math.sqrt(squaredError / d);
        double sdBound = q.quantum() * Math.sqrt((double) sumSquares) / (2.0 * weights);
        assertThat(rms).isLessThanOrEqualTo(sdBound * 1.05);
        assertThat(q.weight(100_000)).isEqualTo(1000);
    }

    @Test
    void quantise_nan_isRefusedNamingTheElement() {
        float[] x = {0.1f, Float.NaN};
        assertThatThrownBy(() -> new Quantiser(new Quantisation(1, 8, 1), random).quantise(x, 0, 2, 1, new int[2], 0))
                .hasMessage("element 1 is NaN");
    }

    @Test
    void quantise_infinities_areClipped() {
        Quantisation q = new Quantisation(2.0, 8, 3);
        int[] out = new int[2];
        new Quantiser(q, random).quantise(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 0, 2, 3,
                out, 0);
        assertThat(out).containsExactly(3 * 127, -3 * 127);
    }

    @Test
    void dequantise_nonPositiveWeight_isRefused() {
        assertThatThrownBy(() -> Dequantiser.average(new int[] {5, -3}, 1, new Quantisation(1, 8, 1)))
                .hasMessageContaining("still masked");
    }

    private static float[] randomFloats(int n, double range, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * range);
        }
        return x;
    }
}
