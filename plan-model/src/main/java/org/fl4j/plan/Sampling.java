package org.fl4j.plan;

/**
 * Client sampling ({@code assigner.settings.collaborators_per_round}, {@code over_selection} and
 * {@code poisson_sampling}): each round takes {@link #target} collaborators' results, and hands tasks to
 * {@link #selected} of them so that the round can close at the target while the slowest of the selected still
 * work. Exactly one of {@code count} (a number of collaborators) and {@code fraction} (of those in cols.yaml) is
 * set, or neither: everyone takes part. With {@code poisson} each collaborator instead joins each round on its
 * own with probability {@link #rate}, drawn from a secure random source, as amplification by subsampling in the
 * client-level privacy accountant requires; a round then waits for every collaborator it drew.
 *
 * @param count collaborators per round, or 0
 * @param fraction share of the collaborators per round in (0, 1], or 0
 * @param overSelection extra share selected on top of the target, at least 0 (0 under Poisson sampling)
 * @param poisson whether each collaborator joins each round independently, with probability {@link #rate}
 */
public record Sampling(int count, double fraction, double overSelection, boolean poisson) {

    /** No sampling: every collaborator takes part in every round. */
    public static final Sampling ALL = new Sampling(0, 0, 0);

    public Sampling {
        if (count < 0 || fraction < 0 || fraction > 1 || count > 0 && fraction > 0 || overSelection < 0
                || !Double.isFinite(overSelection) || poisson && (count == 0 && fraction == 0 || overSelection > 0)) {
            throw new IllegalArgumentException("invalid sampling: count " + count + ", fraction " + fraction
                    + ", over_selection " + overSelection + ", poisson_sampling " + poisson);
        }
    }

    /** Sampling of a fixed number or share of the collaborators a round (not Poisson). */
    public Sampling(int count, double fraction, double overSelection) {
        this(count, fraction, overSelection, false);
    }

    /**
     * The probability that a given collaborator of {@code n} takes part in a round: the fraction, or the count
     * over n (1 without sampling).
     */
    public double rate(int n) {
        if (count > 0) {
            return Math.min(1.0, (double) count / n);
        }
        return fraction > 0 ? fraction : 1.0;
    }

    public boolean samples() {
        return count > 0 || fraction > 0;
    }

    /** The results a round of {@code n} collaborators waits for: the count, or the fraction rounded up. */
    public int target(int n) {
        if (count > 0) {
            return Math.min(count, n);
        }
        if (fraction > 0) {
            return (int) Math.min(n, Math.max(1, Math.ceil(fraction * n - 1e-9)));
        }
        return n;
    }

    /** The collaborators given tasks in a round of {@code n}: the target plus the over-selection, rounded up. */
    public int selected(int n) {
        int target = target(n);
        return (int) Math.min(n, Math.ceil(target * (1 + overSelection) - 1e-9));
    }
}
