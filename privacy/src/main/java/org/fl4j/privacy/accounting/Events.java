package org.fl4j.privacy.accounting;

import java.util.LinkedHashMap;
import java.util.Map;

/** The distinct events of a ledger with their total counts, in order of first appearance. */
final class Events {

    private Events() {
    }

    static Map<PoissonGaussian, Long> grouped(PrivacyLedger ledger) {
        Map<PoissonGaussian, Long> out = new LinkedHashMap<>();
        for (PrivacyLedger.Entry e : ledger.entries()) {
            out.merge(e.event(), e.count(), Math::addExact);
        }
        return out;
    }
}
