package org.fl4j.privacy.accounting;

import java.util.function.DoubleUnaryOperator;

/**
 * The smallest noise multiplier that keeps {@code steps} Poisson-subsampled Gaussian steps within a target
 * (epsilon, delta). Epsilon falls as the noise multiplier grows, so the search brackets the answer by
 * doubling or halving and then bisects until the bracket is narrower than {@value #RELATIVE_TOLERANCE} of
 * its upper end, which it returns: the result always meets the target, and a noise multiplier smaller by
 * that fraction does not (unless the result is the search floor). For the PLD accountant the RDP answer,
 * cheap to find and never below the PLD one, is the first upper bracket.
 *
 * <p>The search covers noise multipliers from {@value #MIN_NOISE} to {@value #MAX_NOISE}. A target that
 * needs more noise than that (a tiny epsilon over many steps) is refused with an
 * {@link UnreachableEpsilonException} that names the smallest epsilon reachable; a target that even the
 * least noise meets (which happens when delta >= q, or for huge epsilons) gives {@value #MIN_NOISE}.
 */
public final class NoiseCalibration {

    /** The bisection stops when the bracket is narrower than this fraction of the noise multiplier. */
    public static final double RELATIVE_TOLERANCE = 1e-3;
    /** The smallest noise multiplier considered. */
    public static final double MIN_NOISE = 0.01;
    /** The largest noise multiplier considered. */
    public static final double MAX_NOISE = 10_000;

    private NoiseCalibration() {
    }

    /**
     * The smallest noise multiplier (within {@link #RELATIVE_TOLERANCE}) for which {@code steps} steps at
     * sampling rate {@code samplingRate} are (targetEpsilon, delta)-DP by the given accountant.
     *
     * @throws IllegalArgumentException if an argument is out of range (epsilon <= 0, delta outside (0, 1),
     *     q outside (0, 1], steps < 1)
     * @throws UnreachableEpsilonException if even {@link #MAX_NOISE} does not reach the target
     */
    public static double noiseMultiplier(AccountantKind kind, double targetEpsilon, double delta,
            double samplingRate, long steps) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("target epsilon must be a positive number, found " + targetEpsilon);
        }
        Events.checkDelta(delta);
        new PoissonGaussian(samplingRate, 1);
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, found " + steps);
        }
        DoubleUnaryOperator epsilon = sigma -> PrivacyAccountant.create(kind)
                .compose(new PoissonGaussian(samplingRate, sigma), steps).epsilon(delta);
        double atMax = epsilon.applyAsDouble(MAX_NOISE);
        if (atMax > targetEpsilon) {
            throw new UnreachableEpsilonException("no noise multiplier up to " + (long) MAX_NOISE + " reaches epsilon "
                    + targetEpsilon + " at delta " + delta + " over " + steps + " steps at sampling rate "
                    + samplingRate + " (the " + kind.planName() + " accountant gives " + String.format(java.util.Locale.ROOT,
                    "%.4g", atMax) + " there): allow a"
                    + " larger epsilon, fewer steps or a lower sampling rate");
        }
        double start = kind == AccountantKind.PLD ? noiseMultiplier(AccountantKind.RDP, targetEpsilon, delta,
                samplingRate, steps) : 1;
        return search(epsilon, targetEpsilon, start);
    }

    /** Bracket [lo, hi] with epsilon(lo) > target >= epsilon(hi), then bisect; returns hi. */
    private static double search(DoubleUnaryOperator epsilon, double target, double start) {
        double hi = Math.min(Math.max(start, MIN_NOISE), MAX_NOISE);
        double lo;
        if (epsilon.applyAsDouble(hi) > target) {
            lo = hi;
            hi = Math.min(hi * 2, MAX_NOISE);
            while (epsilon.applyAsDouble(hi) > target) {
                lo = hi;
                hi = Math.min(hi * 2, MAX_NOISE);
            }
        } else {
            lo = Math.max(hi * 0.8, MIN_NOISE);
            while (epsilon.applyAsDouble(lo) <= target) {
                if (lo == MIN_NOISE) {
                    return MIN_NOISE;
                }
                hi = lo;
                lo = Math.max(lo * 0.5, MIN_NOISE);
            }
        }
        while (hi - lo > RELATIVE_TOLERANCE * hi) {
            double mid = 0.5 * (lo + hi);
            if (epsilon.applyAsDouble(mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
