package org.fl4j.plan;

/** {@code collaborator.settings.opt_treatment}: what happens to local optimizer state between rounds. */
public enum OptTreatment {
    /** Fresh optimizer state at the start of every round. */
    RESET,
    /** Each site keeps its own optimizer state from round to round. */
    CONTINUE_LOCAL,
    /** The optimizer state travels with the weights and is averaged like them. */
    CONTINUE_GLOBAL
}
