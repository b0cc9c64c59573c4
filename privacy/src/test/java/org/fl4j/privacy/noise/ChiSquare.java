package org.fl4j.privacy.noise;

/** Pearson's chi-square statistic and its critical value (Wilson-Hilferty) for the distribution tests. */
final class ChiSquare {

    private ChiSquare() {
    }

    /** sum (observed - n p)^2 / (n p) over the bins. */
    static double statistic(long[] observed, double[] probabilities) {
        long n = 0;
        for (long o : observed) {
            n += o;
        }
        double stat = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = n * probabilities[i];
            stat += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        return stat;
    }

    /** The value a chi-square variable with {@code df} degrees of freedom exceeds with probability 1e-4. */
    static double critical(int df) {
        double z = 3.719;
        double a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }
}
