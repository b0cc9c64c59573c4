package org.fl4j.aggregator.secagg;

import java.util.Objects;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.PeerTrust;

/**
 * What the rounds of a federation with secure aggregation share: the frozen plan's settings and the trust in the
 * federation's CA, with which the aggregator checks each collaborator's signed keys before relaying them (the
 * collaborators check them again: they trust the aggregator with nothing).
 */
public record SecureAggregation(String federationId, SecureAggregationSettings settings, PeerTrust trust) {

    public SecureAggregation {
        Objects.requireNonNull(federationId, "federationId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(trust, "trust");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the plan does not enable secure aggregation");
        }
    }
}
