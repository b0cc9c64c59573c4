package org.fl4j.secagg.crypto;

import java.util.List;

/**
 * The exact bytes a round's signatures cover and its share encryption binds. Both sides build them from their own
 * view of the round, so a signature made over anything else (another round, another participant list, a
 * substituted key, another survivor list) does not verify.
 */
public final class SignedData {

    private SignedData() {
    }

    /** What a collaborator signs in stage ADVERTISE_KEYS. */
    public static byte[] keys(String federationId, long round, String collaborator, byte[] participantsDigest,
            byte[] cipherPublicKey, byte[] maskPublicKey, byte[] seedCommitment) {
        return Transcript.of(Labels.KEYS).text(federationId).number(round).text(collaborator)
                .bytes(participantsDigest).bytes(cipherPublicKey).bytes(maskPublicKey).bytes(seedCommitment)
                .toBytes();
    }

    /** What a survivor signs in stage CONSISTENCY: the sorted survivors. */
    public static byte[] consistency(String federationId, long round, String signer, List<String> survivors) {
        return Transcript.of(Labels.CONSISTENCY).text(federationId).number(round).text(signer).names(survivors)
                .toBytes();
    }

    /** The commitment to a self-mask seed published with the keys: SHA-256 over label, round, owner and seed. */
    public static byte[] seedCommitment(String federationId, long round, String owner, byte[] seed) {
        return Digests.sha256(Transcript.of(Labels.SEED_COMMITMENT).text(federationId).number(round).text(owner)
                .bytes(seed).toBytes());
    }

    /** The directional AES-256-GCM key of the shares {@code sender} encrypts for {@code receiver}. */
    public static byte[] shareKey(byte[] agreed, String federationId, long round, String sender, String receiver) {
        return Hkdf.derive(agreed, Transcript.of(Labels.SHARE_KEY).text(federationId).number(round).text(sender)
                .text(receiver).toBytes(), 32);
    }

    /** The associated data of the shares {@code sender} encrypts for {@code receiver}. */
    public static byte[] shareAad(String federationId, long round, String sender, String receiver) {
        return Transcript.of(Labels.SHARE).text(federationId).number(round).text(sender).text(receiver).toBytes();
    }
}
