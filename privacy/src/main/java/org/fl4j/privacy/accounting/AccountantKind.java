package org.fl4j.privacy.accounting;

import java.util.Arrays;
import java.util.Locale;

/** The two accountants: privacy loss distributions (the default, tighter) and Rényi DP. */
public enum AccountantKind {
    /** Privacy loss distribution: the tightest epsilon this library computes for a delta. */
    PLD,
    /** Rényi differential privacy over a fixed grid of orders, with the tight conversion to (epsilon, delta). */
    RDP;

    /** The name used in plans and on the command line: {@code pld} or {@code rdp}. */
    public String planName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code pld} or {@code rdp} (any case). */
    public static AccountantKind ofPlanName(String name) {
        for (AccountantKind k : values()) {
            if (k.planName().equalsIgnoreCase(name.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("accountant must be one of " + Arrays.stream(values())
                .map(AccountantKind::planName).toList() + ", found '" + name + "'");
    }
}
