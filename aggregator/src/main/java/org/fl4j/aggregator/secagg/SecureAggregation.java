package org.fl4j.aggregator.secagg;

import java.util.Objects;
import java.util.Optional;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.dp.DistributedDp;

/**
 * What the rounds of a federation with secure aggregation share: the frozen plan's settings and the trust in the
 * federation's CA, with which the aggregator checks each collaborator's signed keys before relaying them (the
 * collaborators check them again: they trust the aggregator with nothing), and under client-level DP the
 * distributed noise whose quantisation every round uses.
 */
public record SecureAggregation(String federationId, SecureAggregationSettings settings, PeerTrust trust,
        Optional<DistributedDp> distributedDp) {

    public SecureAggregation {
        Objects.requireNonNull(federationId, "federationId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(distributedDp, "distributedDp");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the plan does not enable secure aggregation");
        }
    }

    /** Secure aggregation without distributed DP. */
    public SecureAggregation(String federationId, SecureAggregationSettings settings, PeerTrust trust) {
        this(federationId, settings, trust, Optional.empty());
    }
}
