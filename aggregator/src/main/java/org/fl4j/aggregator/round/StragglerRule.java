package org.fl4j.aggregator.round;

import java.time.Duration;
import org.fl4j.plan.StragglerPolicy;

/**
 * When a round may close: always once every assigned collaborator has reported; earlier as the plan's
 * straggler policy allows (after a cutoff time, or once a fraction has reported), never with fewer than
 * its {@code minimum_reporting} collaborators.
 */
record StragglerRule(StragglerPolicy policy) {

    /**
     * @param reported collaborators that delivered every task of the round
     * @param assigned collaborators given tasks this round
     * @param elapsed time since the round started
     */
    boolean closes(int reported, int assigned, Duration elapsed) {
        if (reported >= assigned) {
            return true;
        }
        if (policy instanceof StragglerPolicy.CutoffTime c) {
            return elapsed.compareTo(c.cutoff()) >= 0 && reported >= Math.max(1, c.minimumReporting());
        }
        if (policy instanceof StragglerPolicy.Percentage p) {
            long needed = (long) Math.ceil(p.percentCollaboratorsNeeded() * assigned - 1e-9);
            return reported >= needed && reported >= Math.max(1, p.minimumReporting());
        }
        return false;
    }

    /** Why the round closed without everyone, for the log. */
    String describe() {
        if (policy instanceof StragglerPolicy.CutoffTime c) {
            return "cutoff time of " + c.stragglerCutoffTime() + " s passed";
        }
        if (policy instanceof StragglerPolicy.Percentage p) {
            return p.percentCollaboratorsNeeded() * 100 + "% of the collaborators reported";
        }
        return "everyone reported";
    }
}
