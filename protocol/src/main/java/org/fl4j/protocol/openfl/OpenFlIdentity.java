package org.fl4j.protocol.openfl;

import java.util.Objects;

/**
 * Who the aggregator is in OpenFL's protocol. OpenFL's collaborators derive both from their plan: the federation
 * uuid is {@code <plan file name>_<first 8 hex digits of the plan hash>} and the aggregator uuid
 * {@code aggregator_<federation uuid>}; every request must carry them, and every reply does.
 */
public record OpenFlIdentity(String aggregatorUuid, String federationUuid) {

    public OpenFlIdentity {
        Objects.requireNonNull(aggregatorUuid, "aggregatorUuid");
        Objects.requireNonNull(federationUuid, "federationUuid");
        if (aggregatorUuid.isBlank() || federationUuid.isBlank()) {
            throw new IllegalArgumentException("OpenFL aggregator and federation uuids must not be blank");
        }
    }

    /** The identity OpenFL derives from a federation uuid. */
    public static OpenFlIdentity ofFederation(String federationUuid) {
        return new OpenFlIdentity("aggregator_" + federationUuid, federationUuid);
    }
}
