package org.fl4j.privacy.noise;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Exact-up-to-double-rounding sampling of the discrete Gaussian N_Z(0, s^2) (probability of z proportional
 * to e^(-z^2 / 2s^2)) for one large s (2^24 <= s < 2^25 here), by rejection from a piecewise-uniform
 * envelope, with no floating-point sample of a continuous distribution anywhere.
 *
 * <p>The integers in [-12s, 12s) are cut into blocks of m = 2^18. A block is chosen with probability
 * proportional to m f(z*) (f(z) = e^(-z^2/2s^2), z* the block's value nearest 0) from a cumulative table
 * held as 128-bit fixed-point integers, searched from a 4,096-bucket guide table with a 64-bit uniform
 * (a second 64 bits decide only a tie on the first); a value z of the block is chosen uniformly; z is
 * accepted with probability f(z)/f(z*) = e^(-(z-z*)(z+z*)/2s^2), the product computed exactly in integers,
 * against a uniform of 46 bits (skipping the exponential when the uniform is below the block's smallest
 * ratio). Accepted values are then distributed as f(z) normalised, up to: the table's relative error (the
 * doubles f(z*), about 1e-16, and 2^-128 absolute); the acceptance test's 2^-46 granularity (relative
 * error below 2e-14, every ratio being above 0.9); and the cut at 12s (mass e^-72). Acceptance is above
 * 0.9 in every block, about 0.99 on average.
 */
final class GridGaussian {

    static final int BLOCK_BITS = 18;
    static final int BLOCK = 1 << BLOCK_BITS;
    static final double TAIL_SIGMAS = 12;
    private static final int GUIDE_BITS = 12;
    private static final double ACCEPT_SCALE = 0x1p-46;

    final double s;
    private final int blocks;
    private final long firstBlock;
    private final long[] upperHi;
    private final long[] upperLo;
    private final int[] guide;
    private final double[] squeeze;
    private final double halfInvS2;

    GridGaussian(double s) {
        this.s = s;
        this.halfInvS2 = 0.5 / (s * s);
        long kMax = (long) Math.ceil(TAIL_SIGMAS * s / BLOCK);
        this.firstBlock = -kMax;
        this.blocks = Math.toIntExact(2 * kMax);
        BigDecimal[] weights = new BigDecimal[blocks];
        BigDecimal total = BigDecimal.ZERO;
        squeeze = new double[blocks];
        for (int j = 0; j < blocks; j++) {
            long near = nearest(j);
            long far = farthest(j);
            weights[j] = new BigDecimal(Math.exp(-(double) near * near * halfInvS2));
            total = total.add(weights[j]);
            // The smallest acceptance ratio in the block, rounded down a little so it never exceeds the true one.
            squeeze[j] = Math.exp(-(double) ((far - near) * (far + near)) * halfInvS2) * (1 - 1e-12);
        }
        upperHi = new long[blocks];
        upperLo = new long[blocks];
        BigInteger scale = BigInteger.ONE.shiftLeft(128);
        BigDecimal cumulative = BigDecimal.ZERO;
        for (int j = 0; j < blocks; j++) {
            cumulative = cumulative.add(weights[j]);
            BigInteger c = j == blocks - 1 ? scale.subtract(BigInteger.ONE)
                    : new BigDecimal(scale).multiply(cumulative).divide(total, java.math.RoundingMode.FLOOR)
                            .toBigInteger();
            upperHi[j] = c.shiftRight(64).longValue();
            upperLo[j] = c.longValue();
        }
        guide = new int[(1 << GUIDE_BITS) + 1];
        int j = 0;
        for (int b = 0; b <= 1 << GUIDE_BITS; b++) {
            long start = b == 1 << GUIDE_BITS ? -1L : (long) b << (64 - GUIDE_BITS);
            while (j < blocks - 1 && Long.compareUnsigned(upperHi[j], start) < 0) {
                j++;
            }
            guide[b] = j;
        }
    }

    private long nearest(int j) {
        long k = firstBlock + j;
        return k >= 0 ? k * BLOCK : k * BLOCK + BLOCK - 1;
    }

    private long farthest(int j) {
        long k = firstBlock + j;
        return k >= 0 ? k * BLOCK + BLOCK - 1 : k * BLOCK;
    }

    /** One sample of N_Z(0, s^2) (restricted to [-12s, 12s)). */
    long sample(RandomGenerator random) {
        while (true) {
            int j = block(random);
            long bits = random.nextLong();
            long z = (firstBlock + j) * BLOCK + (bits >>> (64 - BLOCK_BITS));
            double u = (bits & ((1L << 46) - 1)) * ACCEPT_SCALE;
            if (u < squeeze[j]) {
                return z;
            }
            long near = nearest(j);
            if (u < Math.exp(-(double) ((z - near) * (z + near)) * halfInvS2)) {
                return z;
            }
        }
    }

    /** The block: the first j whose cumulative upper boundary exceeds a 128-bit uniform. */
    private int block(RandomGenerator random) {
        long hi = random.nextLong();
        int j = guide[(int) (hi >>> (64 - GUIDE_BITS))];
        boolean haveLo = false;
        long lo = 0;
        while (j < blocks - 1) {
            int c = Long.compareUnsigned(hi, upperHi[j]);
            if (c == 0) {
                if (!haveLo) {
                    lo = random.nextLong();
                    haveLo = true;
                }
                c = Long.compareUnsigned(lo, upperLo[j]);
            }
            if (c < 0) {
                return j;
            }
            j++;
        }
        return j;
    }
}
