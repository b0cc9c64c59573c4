package org.fl4j.privacy.accounting;

/**
 * Rényi DP of one Poisson-subsampled Gaussian step (Mironov, Talwar and Zhang 2019, "Rényi Differential
 * Privacy of the Sampled Gaussian Mechanism"): RDP(a) = log(A_a) / (a - 1), with A_a the a-th moment of the
 * likelihood ratio. Integer orders sum the binomial expansion (Section 3.2); fractional orders sum the two
 * series split at z0 = sigma^2 log(1/q - 1) + 1/2 with erfc weights (Section 3.3) until both series
 * decrease and their terms fall 30 nats below the total, as Google's dp-accounting does, over the same grid
 * of orders. Without sampling (q = 1) RDP(a) = a / (2 sigma^2).
 */
final class SubsampledGaussianRdp {

    /** 1.1 to 10.9 by 0.1, 11 to 63, 128, 256, 512 and 1024: dp-accounting's default orders. */
    static final double[] ORDERS = orders();

    private static final int MAX_FRACTIONAL_TERMS = 1000;
    private static final double CONVERGED_NATS = 30;

    private SubsampledGaussianRdp() {
    }

    private static double[] orders() {
        double[] out = new double[99 + 53 + 4];
        int n = 0;
        for (int x = 1; x < 100; x++) {
            out[n++] = 1 + x / 10.0;
        }
        for (int a = 11; a < 64; a++) {
            out[n++] = a;
        }
        for (int a : new int[] {128, 256, 512, 1024}) {
            out[n++] = a;
        }
        return out;
    }

    /** The RDP of one step at every order of {@link #ORDERS}. */
    static double[] rdp(PoissonGaussian step) {
        double[] out = new double[ORDERS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rdp(step.samplingRate(), step.noiseMultiplier(), ORDERS[i]);
        }
        return out;
    }

    /** The RDP of one step at order {@code alpha} > 1 (positive infinity if the fractional series diverges). */
    static double rdp(double q, double sigma, double alpha) {
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** log A_alpha for an integer order: log sum_i C(alpha, i) q^i (1-q)^(alpha-i) e^((i^2 - i) / 2 sigma^2). */
    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        for (int i = 0; i <= alpha; i++) {
            double term = logComb(alpha, i) + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
            logA = Special.logAddExp(logA, term);
        }
        return logA;
    }

    /** log A_alpha for a fractional order, or positive infinity when the series does not settle in 1000 terms. */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double scale = Special.SQRT_2 * sigma;
        double lastS0 = Double.NEGATIVE_INFINITY;
        double lastS1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
            double logCoef = logComb(alpha, i);
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = Math.log(0.5) + Special.logErfc((i - z0) / scale);
            double logE1 = Math.log(0.5) + Special.logErfc((z0 - j) / scale);
            double s0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double s1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            logA0 = Special.logAddExp(logA0, s0);
            logA1 = Special.logAddExp(logA1, s1);
            double total = Special.logAddExp(logA0, logA1);
            if (s0 < lastS0 && s1 < lastS1 && Math.max(s0, s1) < total - CONVERGED_NATS) {
                return total;
            }
            lastS0 = s0;
            lastS1 = s1;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** log |C(n, k)| through log-gamma, for real n. */
    private static double logComb(double n, double k) {
        return Special.logGamma(n + 1) - Special.logGamma(k + 1) - Special.logGamma(n - k + 1);
    }
}
