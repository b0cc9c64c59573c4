package org.fl4j.privacy.accounting;

/**
 * A privacy loss distribution on the grid {@code i h}: {@code probs[k]} is the probability of loss
 * {@code (lower + k) h}, {@code infinityMass} that of an infinite loss. Composition convolves by FFT;
 * self-composition raises the transform to the count's power (after bounding where all but
 * {@value #TAIL_MASS} of the result lies with Chernoff bounds at 40 orders, so the cyclic convolution
 * cannot wrap); both drop at most {@value #TAIL_MASS} of tail mass into the infinity mass, so delta (and
 * epsilon) stay pessimistic.
 */
final class PldPmf {

    /** Probability mass that composition may move from the tails to +infinity. */
    static final double TAIL_MASS = 1e-15;

    final long lower;
    final double[] probs;
    final double infinityMass;

    PldPmf(long lower, double[] probs, double infinityMass) {
        this.lower = lower;
        this.probs = probs;
        this.infinityMass = infinityMass;
    }

    /** The identity distribution (loss 0 with probability 1). */
    static PldPmf identity() {
        return new PldPmf(0, new double[] {1}, 0);
    }

    /** This distribution composed with itself {@code count} times (count >= 1). */
    PldPmf selfCompose(long count) {
        if (count == 1) {
            return this;
        }
        long[] bounds = chernoffBounds(count);
        long outLength = bounds[1] - bounds[0] + 1;
        int size = Fft.size(Math.max(outLength, probs.length));
        double[] re = new double[size];
        double[] im = new double[size];
        System.arraycopy(probs, 0, re, 0, probs.length);
        Fft fft = new Fft(size);
        fft.transform(re, im, false);
        for (int k = 0; k < size; k++) {
            power(re, im, k, count);
        }
        fft.transform(re, im, true);
        double[] out = new double[Math.toIntExact(outLength)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, re[(int) ((bounds[0] + i) % size)]);
        }
        double inf = TAIL_MASS - Math.expm1(count * Math.log1p(-infinityMass));
        return new PldPmf(lower * count + bounds[0], out, Math.min(1, inf));
    }

    /** (re[k] + i im[k])^count by repeated squaring. */
    private static void power(double[] re, double[] im, int k, long count) {
        double br = re[k];
        double bi = im[k];
        double rr = 1;
        double ri = 0;
        long e = count;
        while (true) {
            if ((e & 1) != 0) {
                double t = rr * br - ri * bi;
                ri = rr * bi + ri * br;
                rr = t;
            }
            e >>>= 1;
            if (e == 0) {
                break;
            }
            double t = br * br - bi * bi;
            bi = 2 * br * bi;
            br = t;
        }
        re[k] = rr;
        im[k] = ri;
    }

    /**
     * Index bounds [lo, hi] (relative to {@code lower * count}) outside which the count-fold composition has
     * at most {@value #TAIL_MASS} of mass: P(S >= b) <= E[e^(tS)] e^(-tb) for orders t = +-1..20 over the
     * length.
     */
    long[] chernoffBounds(long count) {
        int n = probs.length;
        long hi = (n - 1) * count;
        long lo = 0;
        double logTail = Math.log(2 / TAIL_MASS);
        double[] logProbs = new double[n];
        for (int k = 0; k < n; k++) {
            logProbs[k] = Math.log(probs[k]);
        }
        for (int o = -20; o <= 20; o++) {
            if (o == 0) {
                continue;
            }
            double order = (double) o / n;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, k * order + logProbs[k]);
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += Math.exp(k * order + logProbs[k] - max);
            }
            double bound = (count * (max + Math.log(sum)) + logTail) / order;
            if (!Double.isFinite(bound)) {
                continue;
            }
            if (order > 0) {
                hi = Math.min(hi, (long) Math.ceil(bound));
            } else {
                lo = Math.max(lo, (long) Math.floor(bound));
            }
        }
        return new long[] {lo, Math.max(lo, hi)};
    }

    /** This distribution composed with {@code other} (same grid). */
    PldPmf compose(PldPmf other) {
        int length = probs.length + other.probs.length - 1;
        int size = Fft.size(length);
        double[] re = new double[size];
        double[] im = new double[size];
        System.arraycopy(probs, 0, re, 0, probs.length);
        System.arraycopy(other.probs, 0, im, 0, other.probs.length);
        Fft fft = new Fft(size);
        fft.transform(re, im, false);
        // Both inputs are real: A[k] = (Z[k] + conj Z[-k]) / 2, B[k] = (Z[k] - conj Z[-k]) / 2i; store A B.
        double[] pr = new double[size];
        double[] pi = new double[size];
        for (int k = 0; k < size; k++) {
            int m = (size - k) & (size - 1);
            double ar = 0.5 * (re[k] + re[m]);
            double ai = 0.5 * (im[k] - im[m]);
            double br = 0.5 * (im[k] + im[m]);
            double bi = -0.5 * (re[k] - re[m]);
            pr[k] = ar * br - ai * bi;
            pi[k] = ar * bi + ai * br;
        }
        fft.transform(pr, pi, true);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = Math.max(0, pr[i]);
        }
        double inf = infinityMass + other.infinityMass - infinityMass * other.infinityMass;
        return truncated(lower + other.lower, out, inf);
    }

    /** Drops up to half the tail mass from each end: the left part onto the first kept point, the right to +infinity. */
    private static PldPmf truncated(long lower, double[] probs, double infinityMass) {
        double half = TAIL_MASS / 2;
        int left = 0;
        double leftMass = 0;
        while (left < probs.length - 1 && leftMass + probs[left] <= half) {
            leftMass += probs[left++];
        }
        int right = probs.length;
        double rightMass = 0;
        while (right - 1 > left && rightMass + probs[right - 1] <= half) {
            rightMass += probs[--right];
        }
        double[] kept = java.util.Arrays.copyOfRange(probs, left, right);
        kept[0] += leftMass;
        return new PldPmf(lower + left, kept, Math.min(1, infinityMass + rightMass));
    }

    /** The smallest epsilon >= 0 whose hockey-stick divergence is at most {@code delta}, on a grid of {@code h}. */
    double epsilon(double delta, double h) {
        if (infinityMass > delta) {
            return Double.POSITIVE_INFINITY;
        }
        double massUpper = infinityMass;
        double massLower = 0;
        for (int k = probs.length - 1; k >= 0; k--) {
            double loss = (lower + k) * h;
            if (massUpper > delta && massLower > 0 && Math.log((massUpper - delta) / massLower) >= loss) {
                break;
            }
            massUpper += probs[k];
            massLower += Math.exp(-loss) * probs[k];
            if (massUpper >= delta && massLower == 0) {
                return Math.max(0, loss);
            }
        }
        if (massUpper <= massLower + delta) {
            return 0;
        }
        return Math.log((massUpper - delta) / massLower);
    }

    /** The hockey-stick divergence at {@code epsilon}: infinity mass + sum over losses above it of (1 - e^(eps - loss)) p. */
    double delta(double epsilon, double h) {
        double d = infinityMass;
        for (int k = probs.length - 1; k >= 0; k--) {
            double loss = (lower + k) * h;
            if (loss <= epsilon) {
                break;
            }
            d += -Math.expm1(epsilon - loss) * probs[k];
        }
        return d;
    }
}
