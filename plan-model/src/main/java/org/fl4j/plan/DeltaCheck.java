package org.fl4j.plan;

import java.util.Objects;

/**
 * Whether a delta means anything for n protected units (records or collaborators). Releasing k of the n
 * units at random, in the clear, satisfies (0, k/n)-DP, so a delta near 1/n promises little: a delta above
 * 1/n gets a warning naming n, and one of {@value #REFUSE_FACTOR}/n or more is refused (such a guarantee
 * would allow publishing ten of them). The plan reader refuses at client level from cols.yaml; at record
 * level the runner calls {@link PrivacySettings#checkDelta} with its record count.
 *
 * @param verdict OK, WARN or REFUSE
 * @param message for WARN and REFUSE, one line naming the setting, the delta and n; empty for OK
 */
public record DeltaCheck(Verdict verdict, String message) {

    /** delta * n at or above this is refused. */
    public static final double REFUSE_FACTOR = 10;

    /** The outcome. */
    public enum Verdict { OK, WARN, REFUSE }

    public DeltaCheck {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
    }

    /** The check of {@code delta} for {@code units} protected {@code unitName} (no units: OK). */
    public static DeltaCheck of(double delta, long units, String unitName) {
        if (units < 1 || delta * units <= 1) {
            return new DeltaCheck(Verdict.OK, "");
        }
        String base = "privacy.settings.target_delta " + delta + " is larger than 1/" + units + ", one over the "
                + units + " protected " + unitName;
        if (delta * units >= REFUSE_FACTOR) {
            return new DeltaCheck(Verdict.REFUSE, base + ": at " + (long) REFUSE_FACTOR + "/" + units
                    + " or more the guarantee would allow publishing " + (long) REFUSE_FACTOR + " of them in the"
                    + " clear; choose a delta well below 1/" + units);
        }
        return new DeltaCheck(Verdict.WARN, base + ": the guarantee would allow publishing one of them in the"
                + " clear; choose a delta well below 1/" + units);
    }
}
