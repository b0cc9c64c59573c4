package org.fl4j.secagg.crypto;

/**
 * The domain-separation labels of fl4j's secure aggregation, version 1: every signature, key derivation and
 * authenticated message starts its {@link Transcript} with one, so a value made for one purpose is never valid
 * for another.
 */
public final class Labels {

    /** What a collaborator signs with its certificate key in stage ADVERTISE_KEYS. */
    public static final String KEYS = "fl4j/secagg/v1/keys";
    /** What a survivor signs with its certificate key in stage CONSISTENCY. */
    public static final String CONSISTENCY = "fl4j/secagg/v1/consistency";
    /** The digest of a round's participants, bound into every key signature. */
    public static final String PARTICIPANTS = "fl4j/secagg/v1/participants";
    /** The public per-round seed of the neighbour graph. */
    public static final String GRAPH = "fl4j/secagg/v1/graph";
    /** HKDF info of the directional key that encrypts one share. */
    public static final String SHARE_KEY = "fl4j/secagg/v1/share-key";
    /** AAD of an encrypted share. */
    public static final String SHARE = "fl4j/secagg/v1/share";
    /** HKDF info of a pairwise mask's AES key. */
    public static final String PAIR_MASK = "fl4j/secagg/v1/pair-mask";
    /** HKDF info of a self mask's AES key. */
    public static final String SELF_MASK = "fl4j/secagg/v1/self-mask";
    /** The commitment to a self-mask seed. */
    public static final String SEED_COMMITMENT = "fl4j/secagg/v1/seed-commitment";

    private Labels() {
    }
}
