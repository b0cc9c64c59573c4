package org.fl4j.secagg;

/**
 * The stages of a secure-aggregation round, in order. Every message names the stage it belongs to, and a party
 * refuses a message of any stage but its current one (replays of earlier stages included).
 */
public enum Stage {
    /** Each participant advertises two signed X25519 public keys (and a commitment to its self-mask seed). */
    ADVERTISE_KEYS,
    /** Each participant sends its neighbours encrypted Shamir shares of its mask key and self-mask seed. */
    SHARE_KEYS,
    /** Each participant uploads its masked, quantised, weighted update. */
    MASKED_INPUT,
    /** Each survivor signs the set of survivors the aggregator announced. */
    CONSISTENCY,
    /** Each survivor reveals, per neighbour, the self-seed share or the mask-key share: never both. */
    UNMASK,
    /** The round's sum is known (server) or the client's part is over. */
    DONE;

    /** The stage after this one. */
    public Stage next() {
        if (this == DONE) {
            throw new IllegalStateException("no stage after DONE");
        }
        return values()[ordinal() + 1];
    }
}
