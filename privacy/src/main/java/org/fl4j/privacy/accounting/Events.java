package org.fl4j.privacy.accounting;

import java.util.LinkedHashMap;
import java.util.Map;

/** What both accountants share: a ledger's distinct events with their counts, and the delta check. */
final class Events {

    private Events() {
    }

    /** Checks a delta argument. */
    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), found " + delta);
        }
    }

    /** The distinct events of a ledger with their total counts, in order of first appearance. */
    static Map<PoissonGaussian, Long> grouped(PrivacyLedger ledger) {
        Map<PoissonGaussian, Long> out = new LinkedHashMap<>();
        for (PrivacyLedger.Entry e : ledger.entries()) {
            out.merge(e.event(), e.count(), Math::addExact);
        }
        return out;
    }
}
