package org.fl4j.protocol.rpc;

import java.util.Objects;

/**
 * Who talks to whom in which federation: the collaborator's name (the CN of its certificate), the
 * aggregator's name (the host name collaborators connect to, the CN of the aggregator's certificate) and
 * the federation id derived from the plan hash. Every message carries these in its header, and each side
 * checks the other's.
 */
public record Route(String collaborator, String aggregator, String federationId) {

    public Route {
        Objects.requireNonNull(collaborator, "collaborator");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(federationId, "federationId");
        if (aggregator.isBlank() || federationId.isBlank()) {
            throw new IllegalArgumentException("aggregator name and federation id must not be blank");
        }
    }
}
