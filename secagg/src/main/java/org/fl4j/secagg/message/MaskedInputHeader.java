package org.fl4j.secagg.message;

import org.fl4j.secagg.Stage;

/**
 * Stage MASKED_INPUT: what precedes a collaborator's masked vector (the codec metadata of its tensor): the round
 * and the number of int32 elements, d + 1.
 */
public record MaskedInputHeader(long round, long elements) {

    /** The tensor codec of a masked input: little-endian int32 values mod 2^32. */
    public static final String CODEC = "secagg-int32";

    public Stage stage() {
        return Stage.MASKED_INPUT;
    }
}
