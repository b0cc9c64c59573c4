package org.fl4j.plan;

import java.time.Duration;

/**
 * The {@code straggler_handling_policy} section: when a round may close before every collaborator that
 * was given tasks has reported.
 */
public sealed interface StragglerPolicy
        permits StragglerPolicy.WaitForAll, StragglerPolicy.CutoffTime, StragglerPolicy.Percentage {

    String template();

    /** {@code fl4j.WaitForAll}: the round closes when every assigned collaborator has reported. */
    record WaitForAll() implements StragglerPolicy {
        public static final String TEMPLATE = "fl4j.WaitForAll";

        @Override
        public String template() {
            return TEMPLATE;
        }
    }

    /**
     * {@code fl4j.CutoffTime}: the round closes {@code stragglerCutoffTime} seconds after it started if at
     * least {@code minimumReporting} collaborators have reported (or when all have).
     */
    record CutoffTime(double stragglerCutoffTime, int minimumReporting) implements StragglerPolicy {
        public static final String TEMPLATE = "fl4j.CutoffTime";

        @Override
        public String template() {
            return TEMPLATE;
        }

        public Duration cutoff() {
            return Duration.ofNanos(Math.round(stragglerCutoffTime * 1e9));
        }
    }

    /**
     * {@code fl4j.Percentage}: the round closes once this fraction (0 to 1] of the assigned collaborators,
     * and at least {@code minimumReporting} of them, have reported.
     */
    record Percentage(double percentCollaboratorsNeeded, int minimumReporting) implements StragglerPolicy {
        public static final String TEMPLATE = "fl4j.Percentage";

        @Override
        public String template() {
            return TEMPLATE;
        }
    }
}
