package org.fl4j.plan;

import java.util.Objects;

/**
 * The {@code collaborator} section.
 *
 * @param deltaUpdates send the difference to the global model instead of the weights
 * @param threads native (BLAS/OpenMP) threads each training process may use
 */
public record CollaboratorSettings(String template, OptTreatment optTreatment, boolean deltaUpdates, int threads) {

    public static final String TEMPLATE = "fl4j.Collaborator";

    public CollaboratorSettings {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(optTreatment, "optTreatment");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be > 0, found " + threads);
        }
    }
}
