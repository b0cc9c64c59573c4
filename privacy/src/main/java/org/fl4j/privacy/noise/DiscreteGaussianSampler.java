package org.fl4j.privacy.noise;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact samples of the discrete Gaussian N_Z(0, sigma^2), P(z) proportional to e^(-z^2 / 2 sigma^2) over the
 * integers, for integer-domain noise (distributed DP: each collaborator adds its share before secure
 * aggregation masks its update). Canonne, Kamath and Steinke 2020, Algorithm 3: with t = floor(sigma) + 1,
 * draw Y from the discrete Laplace distribution of scale t (Algorithm 2) and keep it with probability
 * e^(-(|Y| - sigma^2/t)^2 / 2 sigma^2). Every probability is a rational computed exactly (sigma^2 is the
 * exact square of the given double), and every random choice is a comparison of uniform integers
 * ({@link ExactBernoulli}), so with a uniform source the samples follow N_Z(0, sigma^2) exactly: no floating
 * point, no truncation.
 *
 * <p>The source is a {@link SecureRandom} unless a test gives a seeded one. Not thread-safe: one sampler per
 * thread.
 */
public final class DiscreteGaussianSampler {

    private final RandomGenerator random;
    private final ExactBernoulli bernoulli;
    private double cachedSigma = Double.NaN;
    private BigInteger sigma2Num;
    private BigInteger sigma2Den;
    private long t;
    private BigInteger acceptDen;

    /** A sampler driven by a new {@link SecureRandom}. */
    public DiscreteGaussianSampler() {
        this(new SecureRandom());
    }

    /** A sampler driven by {@code random} (tests give a seeded source; production code should not). */
    public DiscreteGaussianSampler(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        this.bernoulli = new ExactBernoulli(random);
    }

    /** One sample of N_Z(0, sigma^2), sigma > 0. */
    public long sample(double sigma) {
        prepare(sigma);
        BigInteger tBig = BigInteger.valueOf(t);
        while (true) {
            long y = discreteLaplace();
            // gamma = (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| t D - N)^2 / (2 N D t^2) with sigma^2 = N/D
            BigInteger diff = BigInteger.valueOf(Math.abs(y)).multiply(tBig).multiply(sigma2Den).subtract(sigma2Num);
            if (bernoulli.expMinus(diff.multiply(diff), acceptDen)) {
                return y;
            }
        }
    }

    /**
     * Adds an independent sample of N_Z(0, sigma^2) to each of {@code values[from]} ..
     * {@code values[from + length - 1]}, wrapping modulo 2^32 as the ring arithmetic of secure aggregation
     * expects.
     */
    public void addNoise(int[] values, int from, int length, double sigma) {
        Objects.checkFromIndexSize(from, length, values.length);
        for (int i = from; i < from + length; i++) {
            values[i] += (int) sample(sigma);
        }
    }

    /** Discrete Laplace of scale t: P(x) proportional to e^(-|x|/t) (CKS Algorithm 2 with s = 1). */
    private long discreteLaplace() {
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulli.expMinus(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulli.expMinusOne()) {
                v++;
            }
            long x = u + t * v;
            boolean negative = random.nextBoolean();
            if (negative && x == 0) {
                continue;
            }
            return negative ? -x : x;
        }
    }

    private void prepare(double sigma) {
        if (sigma == cachedSigma) {
            return;
        }
        if (!(sigma > 0) || Double.isInfinite(sigma) || sigma >= 0x1p40) {
            throw new IllegalArgumentException("sigma must be a positive number below 2^40, found " + sigma);
        }
        BigDecimal square = new BigDecimal(sigma).pow(2);
        sigma2Num = square.unscaledValue();
        sigma2Den = BigInteger.TEN.pow(square.scale());
        if (square.scale() < 0) {
            sigma2Num = sigma2Num.multiply(BigInteger.TEN.pow(-square.scale()));
            sigma2Den = BigInteger.ONE;
        }
        t = sigma2Num.divide(sigma2Den).sqrt().longValueExact() + 1;
        BigInteger tBig = BigInteger.valueOf(t);
        acceptDen = BigInteger.TWO.multiply(sigma2Num).multiply(sigma2Den).multiply(tBig).multiply(tBig);
        cachedSigma = sigma;
    }
}
