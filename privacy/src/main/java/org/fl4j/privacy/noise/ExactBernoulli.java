package org.fl4j.privacy.noise;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Exact Bernoulli trials for rational probabilities (Canonne, Kamath and Steinke 2020, Algorithm 1):
 * Bernoulli(n/d) compares a uniform integer below d with n; Bernoulli(e^-gamma) for gamma = n/d in [0, 1]
 * draws A_k ~ Bernoulli(gamma/k) for k = 1, 2, ... until the first 0 and answers whether that k is odd;
 * for gamma > 1 it needs floor(gamma) successes of Bernoulli(e^-1) and one of Bernoulli(e^-(gamma -
 * floor(gamma))). Only integer arithmetic: the outcome probabilities are exactly the stated ones for a
 * uniform source.
 */
final class ExactBernoulli {

    private final RandomGenerator random;

    ExactBernoulli(RandomGenerator random) {
        this.random = random;
    }

    /** A uniform integer in [0, bound). */
    BigInteger uniformBelow(BigInteger bound) {
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(random.nextLong(bound.longValue()));
        }
        int bits = bound.bitLength();
        byte[] bytes = new byte[(bits + 7) / 8 + 1];
        while (true) {
            for (int i = 1; i < bytes.length; i += 8) {
                long r = random.nextLong();
                for (int b = 0; b < 8 && i + b < bytes.length; b++) {
                    bytes[i + b] = (byte) (r >>> (8 * b));
                }
            }
            bytes[0] = 0;
            int excess = (bytes.length - 1) * 8 - bits;
            bytes[1] &= (byte) (0xff >>> excess);
            BigInteger candidate = new BigInteger(bytes);
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }

    /** true with probability num/den (0 <= num <= den). */
    boolean bernoulli(BigInteger num, BigInteger den) {
        return uniformBelow(den).compareTo(num) < 0;
    }

    /** true with probability num/den for longs. */
    boolean bernoulli(long num, long den) {
        return random.nextLong(den) < num;
    }

    /** true with probability e^-(num/den), num >= 0, den > 0. */
    boolean expMinus(BigInteger num, BigInteger den) {
        BigInteger n = num;
        while (n.compareTo(den) > 0) {
            if (!expMinusOne()) {
                return false;
            }
            n = n.subtract(den);
        }
        long k = 1;
        while (bernoulli(n, den.multiply(BigInteger.valueOf(k)))) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** true with probability e^-(num/den) for 0 <= num <= den of type long (den * k must not overflow). */
    boolean expMinus(long num, long den) {
        long k = 1;
        while (bernoulli(num, Math.multiplyExact(den, k))) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** true with probability 1/e. */
    boolean expMinusOne() {
        return expMinus(1, 1);
    }
}
