package org.fl4j.collaborator.spi;

/** What happens to the local optimizer's state (Adam moments, momentum ...) between rounds. */
public enum OptTreatment {
    /** Fresh optimizer state at the start of every round. */
    RESET,
    /** Each site keeps its own optimizer state from round to round. */
    CONTINUE_LOCAL,
    /** The optimizer state travels with the weights as tensors and is averaged like them. */
    CONTINUE_GLOBAL
}
