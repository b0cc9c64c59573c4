package org.fl4j.protocol.model;

import java.util.Map;
import java.util.Objects;

/**
 * A model as stored on disk: its weights, the round that produced it (0 for the initial model) and its
 * provenance (plan hash, seed, versions, collaborators ...).
 */
public record SavedModel(long round, Map<String, String> provenance, ModelWeights weights) {

    public SavedModel {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, found " + round);
        }
        provenance = Map.copyOf(provenance);
        Objects.requireNonNull(weights, "weights");
    }
}
