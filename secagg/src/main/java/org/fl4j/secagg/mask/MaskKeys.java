package org.fl4j.secagg.mask;

import org.fl4j.secagg.crypto.Hkdf;
import org.fl4j.secagg.crypto.Labels;
import org.fl4j.secagg.crypto.Transcript;

/**
 * The AES keys of a round's masks, derived with HKDF-SHA256 from the full 32-byte secret (never a short seed):
 * a participant's self mask from its self-mask seed, and the pairwise mask of two neighbours from their X25519
 * agreement, each bound to its label, the federation id, the round and the participant(s).
 */
public final class MaskKeys {

    public static final int KEY_BYTES = 32;

    private MaskKeys() {
    }

    /** The AES key of {@code owner}'s self mask. */
    public static byte[] selfMask(byte[] seed, String federationId, long round, String owner) {
        return Hkdf.derive(seed, Transcript.of(Labels.SELF_MASK).text(federationId).number(round).text(owner)
                .toBytes(), KEY_BYTES);
    }

    /** The AES key of the mask {@code a} and {@code b} share (the same for either order). */
    public static byte[] pairMask(byte[] agreed, String federationId, long round, String a, String b) {
        boolean ordered = a.compareTo(b) < 0;
        return Hkdf.derive(agreed, Transcript.of(Labels.PAIR_MASK).text(federationId).number(round)
                .text(ordered ? a : b).text(ordered ? b : a).toBytes(), KEY_BYTES);
    }

    /** How {@code self} applies the mask it shares with {@code other}: +1 when its name sorts first, else -1. */
    public static int pairSign(String self, String other) {
        int c = self.compareTo(other);
        if (c == 0) {
            throw new IllegalArgumentException("a participant shares no mask with itself: " + self);
        }
        return c < 0 ? 1 : -1;
    }
}
