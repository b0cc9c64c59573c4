package org.fl4j.privacy.accounting;

/**
 * The special functions the accountants need, written for relative accuracy (about 1e-15) deep into the
 * tails, where the privacy numbers live: the complementary error function and its logarithm (a series below
 * 1.25, the Laplace continued fraction of the scaled function above), the normal distribution function and
 * its logarithm, and the logarithm of the absolute value of the gamma function (Lanczos, with reflection
 * for negative arguments, which the fractional RDP orders produce).
 */
final class Special {

    static final double LOG_2 = Math.log(2);
    static final double SQRT_2 = Math.sqrt(2);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 1.25;
    private static final int MAX_TERMS = 10_000;
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double TABLE_END = 8;
    private static final int NODES_PER_UNIT = 64;
    private static final int TAYLOR_TERMS = 12;
    private static final double[] ERFCX_TABLE = erfcxTable();

    private Special() {
    }

    /** erfc(z). */
    static double erfc(double z) {
        if (Double.isNaN(z)) {
            return z;
        }
        if (z < 0) {
            return 2 - erfc(-z);
        }
        if (z < SERIES_LIMIT) {
            return 1 - erf(z);
        }
        return Math.exp(-z * z) * erfcx(z);
    }

    /** log(erfc(z)), finite however large z is. */
    static double logErfc(double z) {
        if (z < SERIES_LIMIT) {
            return Math.log(erfc(z));
        }
        return -z * z + Math.log(erfcx(z));
    }

    /** The standard normal distribution function. */
    static double normalCdf(double x) {
        double z = -x / SQRT_2;
        if (z < SERIES_LIMIT) {
            return 0.5 * erfc(z);
        }
        return 0.5 * Math.exp(-0.5 * x * x) * erfcx(z);
    }

    /** log of the standard normal distribution function, finite however negative x is. */
    static double logNormalCdf(double x) {
        double z = -x / SQRT_2;
        if (z < SERIES_LIMIT) {
            return Math.log(0.5 * erfc(z));
        }
        return -0.5 * x * x + Math.log(erfcx(z)) - LOG_2;
    }

    /** erf(z) for 0 <= z < 1.25: (2/sqrt(pi)) e^(-z^2) sum z (2z^2)^n / (2n+1)!!, all terms positive. */
    private static double erf(double z) {
        double z2 = 2 * z * z;
        double term = z;
        double sum = z;
        for (int n = 1; n < MAX_TERMS; n++) {
            term *= z2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return 2 / SQRT_PI * Math.exp(-z * z) * sum;
    }

    /**
     * e^(z^2) erfc(z) for z >= 1.25: between 1.25 and 8 a 12-term Taylor expansion about the nearest node of
     * a table (spacing 1/64) built with the continued fraction, whose derivatives follow from
     * y' = 2zy - 2/sqrt(pi); beyond 8 the continued fraction itself, which converges fast there.
     */
    static double erfcx(double z) {
        if (z >= TABLE_END) {
            return erfcxFraction(z);
        }
        int node = (int) Math.rint((z - SERIES_LIMIT) * NODES_PER_UNIT);
        double z0 = SERIES_LIMIT + (double) node / NODES_PER_UNIT;
        double d = z - z0;
        double prev = ERFCX_TABLE[node];
        double cur = 2 * z0 * prev - 2 / SQRT_PI;
        double sum = prev + cur * d;
        double dn = d;
        for (int n = 1; n < TAYLOR_TERMS; n++) {
            double next = (2 * z0 * cur + 2 * prev) / (n + 1);
            prev = cur;
            cur = next;
            dn *= d;
            sum += cur * dn;
        }
        return sum;
    }

    /**
     * e^(z^2) erfc(z) for z >= 1.25 by the continued fraction 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...))))
     * over sqrt(pi), evaluated with the modified Lentz method.
     */
    static double erfcxFraction(double z) {
        double tiny = 1e-300;
        double f = z;
        double c = z;
        double d = 0;
        for (int n = 1; n < MAX_TERMS; n++) {
            double a = 0.5 * n;
            d = z + a * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = z + a / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            double step = c * d;
            f *= step;
            if (Math.abs(step - 1) < 1e-16) {
                break;
            }
        }
        return 1 / (SQRT_PI * f);
    }

    private static double[] erfcxTable() {
        int n = (int) ((TABLE_END - SERIES_LIMIT) * NODES_PER_UNIT) + 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = erfcxFraction(SERIES_LIMIT + (double) i / NODES_PER_UNIT);
        }
        return out;
    }

    /** log |Gamma(x)| (x not a non-positive integer). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x), with sin(pi x) reduced exactly first.
            double r = x - 2 * Math.floor(x / 2);
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * r))) - logGamma(1 - x);
        }
        double y = x - 1;
        double series = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            series += LANCZOS[i] / (y + i);
        }
        double t = y + LANCZOS_G + 0.5;
        return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(series);
    }

    /** log(e^a + e^b). */
    static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }
}
