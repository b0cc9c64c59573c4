package org.fl4j.privacy.accounting;

/**
 * The privacy loss distribution of one Poisson-subsampled Gaussian step, discretised pessimistically by
 * "connect the dots" (Doroshenko, Ghazi, Kamath, Kumar and Manurangsi 2022), as Google's dp-accounting
 * does by default.
 *
 * <p>With noise N(0, sigma^2) and sensitivity 1, add-or-remove neighbouring has two directions. REMOVE
 * compares P = (1-q) N(0, sigma^2) + q N(-1, sigma^2) with Q = N(0, sigma^2); ADD compares P = N(0, sigma^2)
 * with Q = (1-q) N(0, sigma^2) + q N(1, sigma^2). For q = 1 both are the plain Gaussian mechanism. The
 * hockey-stick divergence delta(eps) = sup_S P(S) - e^eps Q(S) of each has a closed form through the
 * Gaussian mechanism's own delta_1(l) = Phi(-l sigma + 1/(2 sigma)) - e^l Phi(-l sigma - 1/(2 sigma))
 * (Balle and Wang 2018) at the loss l the unsampled mechanism must reach: REMOVE delta(eps) = q delta_1(l)
 * with e^eps = 1 - q + q e^l, ADD delta(eps) = q e^(eps - l) delta_1(l) with e^-eps = 1 - q + q e^-l.
 *
 * <p>The distribution is placed on the grid i h between the losses at the points where the noise's tails
 * hold e^-50 of its mass (dp-accounting's truncation), with the mass on each grid point chosen so that the
 * discrete distribution's hockey-stick curve passes through the exact delta at every grid point and lies
 * above it in between; the exact delta at the top point goes to +infinity. The result therefore never
 * understates delta (or epsilon).
 */
final class SubsampledGaussianPld {

    /** Which neighbour is the larger dataset. */
    enum Direction { REMOVE, ADD }

    /** Phi^-1(e^-50 / 2): noise beyond this many standard deviations is not placed on the grid. */
    static final double TAIL_Z = -9.745474864965934690714662;

    private final double q;
    private final double sigma;
    private final Direction direction;

    SubsampledGaussianPld(PoissonGaussian step, Direction direction) {
        this.q = step.samplingRate();
        this.sigma = step.noiseMultiplier();
        this.direction = direction;
    }

    /** The largest privacy loss placed on the grid. */
    double upperLoss() {
        double x = sigma * TAIL_Z;
        return loss(direction == Direction.REMOVE ? x - 1 : x);
    }

    /** The smallest privacy loss placed on the grid. */
    double lowerLoss() {
        double x = -sigma * TAIL_Z;
        return loss(direction == Direction.ADD ? x + 1 : x);
    }

    /** The privacy loss log(P(x) / Q(x)) at output x (decreasing in x). */
    double loss(double x) {
        if (direction == Direction.REMOVE) {
            double l = (-0.5 - x) / (sigma * sigma);
            return q == 1 ? l : Special.logAddExp(Math.log(q) + l, Math.log1p(-q));
        }
        double l = (0.5 - x) / (sigma * sigma);
        return q == 1 ? l : -Special.logAddExp(Math.log(q) - l, Math.log1p(-q));
    }

    /** The exact hockey-stick divergence at {@code eps} (any real eps). */
    double delta(double eps) {
        if (q == 1) {
            return gaussianDelta(eps);
        }
        if (direction == Direction.REMOVE) {
            if (eps <= Math.log1p(-q)) {
                return -Math.expm1(eps);
            }
            double l = Math.log1p(Math.expm1(eps) / q);
            return q * gaussianDelta(l);
        }
        if (eps >= -Math.log1p(-q)) {
            return 0;
        }
        double l = -Math.log1p(Math.expm1(-eps) / q);
        return q * Math.exp(eps - l) * gaussianDelta(l);
    }

    /** delta_1(l) of the unsampled Gaussian mechanism, computed from logarithms so the tails keep their digits. */
    private double gaussianDelta(double l) {
        if (l == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double a = Special.logNormalCdf(-l * sigma + 0.5 / sigma);
        double b = l + Special.logNormalCdf(-l * sigma - 0.5 / sigma);
        if (b >= a) {
            return 0;
        }
        return Math.min(1, Math.exp(a) * -Math.expm1(b - a));
    }

    /** The pessimistic connect-the-dots distribution on the grid of interval {@code h}. */
    PldPmf discretise(double h) {
        long lower = (long) Math.floor(lowerLoss() / h);
        long upper = (long) Math.ceil(upperLoss() / h);
        int n = Math.toIntExact(upper - lower + 1);
        double[] deltas = new double[n];
        for (int i = 0; i < n; i++) {
            double d = delta((lower + i) * h);
            deltas[i] = i == 0 ? d : Math.min(d, deltas[i - 1]);
        }
        double[] probs = new double[n];
        if (n == 1) {
            probs[0] = 1 - deltas[0];
            return new PldPmf(lower, probs, deltas[0]);
        }
        double em1 = Math.expm1(h);
        double e = Math.exp(h);
        probs[0] = (1 - deltas[0]) + (deltas[1] - deltas[0]) / em1;
        for (int i = 1; i < n - 1; i++) {
            probs[i] = ((deltas[i + 1] - deltas[i]) - e * (deltas[i] - deltas[i - 1])) / em1;
        }
        probs[n - 1] = (deltas[n - 1] - deltas[n - 2]) / Math.expm1(-h);
        for (int i = 0; i < n; i++) {
            probs[i] = Math.max(0, probs[i]);
        }
        return new PldPmf(lower, probs, deltas[n - 1]);
    }
}
