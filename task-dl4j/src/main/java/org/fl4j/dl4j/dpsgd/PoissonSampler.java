package org.fl4j.dl4j.dpsgd;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Poisson sampling, the batch selection DP-SGD's accountant assumes: each step takes every one of the
 * {@code size} examples independently with probability {@code q}, so a batch's size varies around
 * {@code q * size} (and may be 0). The gaps between selected examples are drawn directly from their
 * geometric distribution ({@code P(gap = k) = (1 - q)^k q}), which selects exactly the same way as one coin
 * per example with about {@code q * size} random draws a step instead of {@code size}.
 *
 * <p>The random source must be cryptographically secure in production (a {@link java.security.SecureRandom}):
 * an adversary who could predict the batches would know which steps an example took part in, and the
 * amplification by sampling that the accountant counts on would not hold. Not thread-safe.
 */
final class PoissonSampler {

    private final int size;
    private final double q;
    private final double logOneMinusQ;
    private final Random random;
    private int[] buffer = new int[16];

    PoissonSampler(int size, double q, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("Poisson sampling needs at least one example, found " + size);
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], found " + q);
        }
        this.size = size;
        this.q = q;
        this.logOneMinusQ = Math.log1p(-q);
        this.random = Objects.requireNonNull(random, "random");
    }

    double samplingRate() {
        return q;
    }

    /** The indices of the next step's batch, ascending. */
    int[] next() {
        if (q == 1) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int count = 0;
        long index = gap();
        while (index < size) {
            if (count == buffer.length) {
                buffer = Arrays.copyOf(buffer, count * 2);
            }
            buffer[count++] = (int) index;
            index += 1 + gap();
        }
        return Arrays.copyOf(buffer, count);
    }

    /** How many examples to pass over before the next one selected: geometric with success probability q. */
    private long gap() {
        // u uniform in (0, 1] on the 2^-53 grid; floor(log(u) / log(1 - q)) is geometric(q).
        double u = ((random.nextLong() >>> 11) + 1) * 0x1.0p-53;
        double g = Math.floor(Math.log(u) / logOneMinusQ);
        return g >= size ? size : (long) g;
    }
}
