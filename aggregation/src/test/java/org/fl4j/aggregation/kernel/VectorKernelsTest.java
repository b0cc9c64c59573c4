package org.fl4j.aggregation.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector kernels against the scalar reference at lengths that are not multiples of the vector width. */
class VectorKernelsTest {

    private static final FoldKernels SCALAR = Kernels.scalar();
    private FoldKernels vector;

    static IntStream lengths() {
        return IntStream.of(1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65, 1023, 1024, 1025, 4099);
    }

    @BeforeEach
    void vectorKernels() {
        assumeTrue(Kernels.vector().isPresent(), "JVM started without " + Kernels.FLAG);
        vector = Kernels.vector().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void addScaled_sameBitsAsScalar(int n) {
        for (int from : new int[] {0, 3}) {
            float[] x = floats(from + n, n);
            double[] accS = doubles(from + n, n + 1);
            double[] accV = accS.clone();
            double w = 60_000 + n;
            SCALAR.addScaled(accS, x, w, from, from + n);
            vector.addScaled(accV, x, w, from, from + n);
            assertThat(accV).containsExactly(accS);
            // a weight whose products round: fma in both paths rounds once, identically
            SCALAR.addScaled(accS, x, 0.1, from, from + n);
            vector.addScaled(accV, x, 0.1, from, from + n);
            assertThat(accV).containsExactly(accS);
        }
    }

    // Zero and negative-zero products, NaN and infinities included: scaleInto must be addScaled into zeros,
    // bit for bit (a product of -0.0 plus the +0.0 accumulator is +0.0), in both implementations.
    @ParameterizedTest
    @MethodSource("lengths")
    void scaleInto_sameBitsAsAddScaledIntoZeros_scalarAndVector(int n) {
        for (int from : new int[] {0, 3}) {
            float[] x = floats(from + n, n + 7);
            float[] specials = {-0.0f, 0.0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};
            for (int i = from; i < from + n; i += 3) {
                x[i] = specials[i % specials.length];
            }
            for (double w : new double[] {1.0, 0.1, 60_000 + n}) {
                double[] zeros = new double[from + n];
                SCALAR.addScaled(zeros, x, w, from, from + n);
                double[] scalar = doubles(from + n, n);
                double[] vec = scalar.clone();
                SCALAR.scaleInto(scalar, x, w, from, from + n);
                vector.scaleInto(vec, x, w, from, from + n);
                for (int i = 0; i < from; i++) {
                    zeros[i] = scalar[i];
                }
                assertThat(scalar).containsExactly(zeros);
                assertThat(vec).containsExactly(zeros);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void divideInto_sameBitsAsScalar(int n) {
        double[] acc = doubles(n + 2, n);
        float[] outS = new float[n + 2];
        float[] outV = new float[n + 2];
        SCALAR.divideInto(acc, 7.0, outS, 2, n + 2);
        vector.divideInto(acc, 7.0, outV, 2, n + 2);
        assertThat(outV).containsExactly(outS);
        assertThat(outV[0]).isZero();
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void firstNonFinite_findsFirstBadValueAtEveryPosition(int n) {
        float[] x = floats(n, n);
        assertThat(vector.firstNonFinite(x, 0, n)).isEqualTo(-1);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int pos = 0; pos < n; pos += Math.max(1, n / 40)) {
            float keep = x[pos];
            x[pos] = specials[pos % 3];
            assertThat(vector.firstNonFinite(x, 0, n)).isEqualTo(pos).isEqualTo(SCALAR.firstNonFinite(x, 0, n));
            assertThat(vector.firstNonFinite(x, pos + 1, n)).isEqualTo(-1);
            x[pos] = keep;
        }
        x[n - 1] = -0.0f;
        x[0] = Float.MAX_VALUE;
        assertThat(vector.firstNonFinite(x, 0, n)).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void squaredDistance_matchesScalarWithinRounding(int n) {
        float[] a = floats(n, n);
        float[] b = floats(n, 2 * n);
        double s = SCALAR.squaredDistance(a, b, 0, n);
        assertThat(vector.squaredDistance(a, b, 0, n)).isCloseTo(s, within(s * n * 1e-15));
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void shrinkTowards_sameBitsAsScalar(int n) {
        float[] xS = floats(n, n);
        float[] xV = xS.clone();
        float[] base = floats(n, 3 * n);
        SCALAR.shrinkTowards(xS, base, 0.37, 0, n);
        vector.shrinkTowards(xV, base, 0.37, 0, n);
        assertThat(xV).containsExactly(xS);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void rankMean_sameBitsAsScalar_forMediansAndTrimmedMeans(int n) {
        for (int k : new int[] {1, 2, 3, 5, 8, 17, 32, 33}) {
            float[][] columns = new float[k][];
            for (int c = 0; c < k; c++) {
                columns[c] = floats(n + 1, 10L * k + c);
                if (c % 3 == 0) {
                    columns[c][n / 2] = c % 2 == 0 ? 0.0f : -0.0f;
                }
            }
            int[][] ranks = {{(k - 1) / 2, k - (k - 1) / 2}, {k / 5, k - k / 5}, {0, k}};
            for (int[] r : ranks) {
                float[] outS = new float[n + 1];
                float[] outV = new float[n + 1];
                SCALAR.rankMean(columns, r[0], r[1], outS, 1, n + 1);
                vector.rankMean(columns, r[0], r[1], outV, 1, n + 1);
                assertThat(outV).as("k=%d ranks %d..%d", k, r[0], r[1]).containsExactly(outS);
            }
        }
    }

    static float[] floats(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(40) - 20));
        }
        return x;
    }

    static double[] doubles(int n, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian() * 1e4;
        }
        return x;
    }
}
