package org.fl4j.privacy.noise;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Gaussian noise for float arrays that is not broken by floating point (Mironov 2012): each value is first
 * snapped to a grid of spacing g, a power of two 2^24 to 2^25 times below the standard deviation, and then
 * moved by g times an integer drawn from the discrete Gaussian N_Z(0, (stddev/g)^2) ({@link GridGaussian}),
 * with randomness from AES-256-CTR keyed by {@link SecureRandom}. The sum is exact in double arithmetic, so
 * every output lies on the grid whatever the input was, and the probability of each output depends on the
 * input only through its snapped value: the gaps and rounding patterns of a floating-point Gaussian, which
 * let an attacker tell neighbouring inputs apart, do not exist here. Storing the result as a float is
 * post-processing.
 *
 * <p>How close to N(0, stddev^2): the noise is the discrete Gaussian on the grid with parameter stddev,
 * whose variance equals stddev^2 to within e^(-2 pi^2 (stddev/g)^2) (nothing a double can show), cut at
 * 12 standard deviations (mass e^-72 removed); each grid point's probability is right to a relative 2e-14.
 * Snapping moves a value by at most g/2 = stddev 2^-25, so a vector's L2 sensitivity grows by at most
 * sqrt(d) g (d values): for DP-SGD with noise multiplier z and clip norm C that is C z sqrt(d) 2^-24, e.g.
 * 1.8e-5 C for d = 89,606 and z = 1; clipping to C - sqrt(d) g instead of C keeps the guarantee exact.
 *
 * <p>Not thread-safe: use one instance per thread (each holds its own cipher and keystream). About 160 M
 * values a second on one core of an AMD EPYC (docs/benchmarks.md, {@code NoiseBenchmark}).
 */
public final class SecureGaussian {

    /** The grid is 2^GRID_BITS to 2^(GRID_BITS+1) times finer than the standard deviation. */
    static final int GRID_BITS = 24;

    private final AesCtrStream random;
    private GridGaussian table;
    private double tableStddev = Double.NaN;

    /** Noise keyed from a new {@link SecureRandom}. */
    public SecureGaussian() {
        this(new AesCtrStream(new SecureRandom()));
    }

    SecureGaussian(AesCtrStream random) {
        this.random = random;
    }

    /** The grid spacing used for {@code stddev}: the power of two 2^24 to 2^25 times smaller. */
    public static double granularity(double stddev) {
        checkStddev(stddev);
        return Math.scalb(1.0, Math.getExponent(stddev) - GRID_BITS);
    }

    /**
     * Adds independent Gaussian noise of standard deviation {@code stddev} to {@code values[from]} ..
     * {@code values[from + length - 1]}, in place. Values should be finite (NaN and infinities stay as they are).
     */
    public void addNoise(float[] values, int from, int length, double stddev) {
        Objects.checkFromIndexSize(from, length, values.length);
        GridGaussian t = table(stddev);
        double g = granularity(stddev);
        for (int i = from; i < from + length; i++) {
            values[i] = (float) noisy(values[i], g, t);
        }
    }

    /** One noisy value: x snapped to the grid plus g times a discrete Gaussian integer, exactly. */
    double noisy(double x, double g, GridGaussian t) {
        return Math.rint(x / g) * g + t.sample(random) * g;
    }

    GridGaussian table(double stddev) {
        if (stddev != tableStddev) {
            checkStddev(stddev);
            table = new GridGaussian(stddev / granularity(stddev));
            tableStddev = stddev;
        }
        return table;
    }

    private static void checkStddev(double stddev) {
        if (!(stddev > 0) || Double.isInfinite(stddev) || stddev < Double.MIN_NORMAL * 0x1p30) {
            throw new IllegalArgumentException("noise standard deviation must be a positive normal number, found "
                    + stddev);
        }
    }
}
