package org.fl4j.plan;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Reads client sampling from {@code assigner.settings}: {@code collaborators_per_round} is an integer (that
 * many collaborators) or a decimal in (0, 1] (that share of cols.yaml); {@code over_selection} a number >= 0;
 * {@code poisson_sampling: true} makes the share (or the count over the collaborators) each collaborator's
 * probability of joining a round, and rules out over-selection.
 */
final class SamplingSettings {

    static final String PER_ROUND = "collaborators_per_round";
    static final String OVER_SELECTION = "over_selection";
    static final String POISSON = "poisson_sampling";

    private SamplingSettings() {
    }

    static Sampling read(Fields s, List<String> collaborators) {
        Sampling sampling = readShare(s, collaborators);
        if (!s.bool(POISSON, false)) {
            return sampling;
        }
        if (!s.has(PER_ROUND)) {
            s.problems().add(s.where(POISSON), s.at(POISSON), s.at(POISSON) + " needs " + s.at(PER_ROUND)
                    + ": the share of the collaborators (or their number) that sets each one's chance to join a round");
            return sampling;
        }
        if (sampling.overSelection() > 0) {
            s.problems().add(s.where(OVER_SELECTION), s.at(OVER_SELECTION), s.at(OVER_SELECTION) + " cannot go with "
                    + s.at(POISSON) + ": a Poisson round waits for every collaborator it drew, and selecting more"
                    + " would change each one's chance to join");
            return sampling;
        }
        return sampling.samples() ? new Sampling(sampling.count(), sampling.fraction(), 0, true) : sampling;
    }

    private static Sampling readShare(Fields s, List<String> collaborators) {
        double over = s.has(OVER_SELECTION) ? s.number(OVER_SELECTION, 0.0, x -> x >= 0, ">= 0") : 0;
        if (!s.has(PER_ROUND)) {
            if (s.has(OVER_SELECTION)) {
                s.problems().add(s.where(OVER_SELECTION), s.at(OVER_SELECTION), s.at(OVER_SELECTION)
                        + " needs " + s.at(PER_ROUND) + ": over-selection adds to a sampled round's target");
            }
            return Sampling.ALL;
        }
        YNode n = s.node(PER_ROUND).orElseThrow();
        Object v = n instanceof YNode.YScalar scalar ? scalar.value() : null;
        String at = s.at(PER_ROUND);
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger count = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            if (count.signum() <= 0) {
                s.problems().add(n.origin(), at, at + " must be at least 1 (a number of collaborators) or a decimal"
                        + " in (0, 1] (a share of them), found " + count);
            } else if (!collaborators.isEmpty() && count.compareTo(BigInteger.valueOf(collaborators.size())) > 0) {
                s.problems().add(n.origin(), at, at + " asks for " + count + " collaborators a round, cols.yaml"
                        + " registers " + collaborators.size());
            } else if (count.bitLength() < 32) {
                return new Sampling(count.intValue(), 0, Math.max(0, over));
            }
            return Sampling.ALL;
        }
        if (v instanceof Double || v instanceof Float) {
            double fraction = ((Number) v).doubleValue();
            if (!(fraction > 0 && fraction <= 1)) {
                s.problems().add(n.origin(), at, at + " as a share of the collaborators must be in (0, 1], found " + v
                        + (fraction > 1 && fraction == Math.rint(fraction) ? " (for a number of collaborators write "
                                + (long) fraction + ")" : ""));
                return Sampling.ALL;
            }
            return new Sampling(0, fraction, Math.max(0, over));
        }
        s.problems().add(n.origin(), at, at + ": expected an integer (a number of collaborators) or a decimal in"
                + " (0, 1] (a share of them), found " + n.describe());
        return Sampling.ALL;
    }

    /** The settings as the canonical plan writes them: nothing without sampling, so such plans keep their hash. */
    static void write(Sampling sampling, Map<String, Object> settings) {
        if (sampling.samples()) {
            settings.put(PER_ROUND, sampling.count() > 0 ? (Object) sampling.count() : (Object) sampling.fraction());
            settings.put(OVER_SELECTION, sampling.overSelection());
            if (sampling.poisson()) {
                settings.put(POISSON, true);
            }
        }
    }
}
