package org.fl4j.secagg.message;

import java.util.Arrays;
import java.util.Objects;
import org.fl4j.secagg.Stage;

/**
 * Stage ADVERTISE_KEYS: a collaborator's X25519 public keys for encrypting shares and agreeing masks, its
 * commitment to its self-mask seed, and its certificate key's signature over them (and the federation, round,
 * its name and the participants).
 */
public record KeyAdvertisement(long round, String collaborator, byte[] cipherPublicKey, byte[] maskPublicKey,
        byte[] seedCommitment, byte[] signature) implements ClientMessage {

    public KeyAdvertisement {
        Objects.requireNonNull(collaborator, "collaborator");
        cipherPublicKey = Bytes.copy(cipherPublicKey, "cipherPublicKey");
        maskPublicKey = Bytes.copy(maskPublicKey, "maskPublicKey");
        seedCommitment = Bytes.copy(seedCommitment, "seedCommitment");
        signature = Bytes.copy(signature, "signature");
    }

    @Override
    public Stage stage() {
        return Stage.ADVERTISE_KEYS;
    }

    @Override
    public byte[] cipherPublicKey() {
        return cipherPublicKey.clone();
    }

    @Override
    public byte[] maskPublicKey() {
        return maskPublicKey.clone();
    }

    @Override
    public byte[] seedCommitment() {
        return seedCommitment.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyAdvertisement k && k.round == round && k.collaborator.equals(collaborator)
                && Arrays.equals(k.cipherPublicKey, cipherPublicKey) && Arrays.equals(k.maskPublicKey, maskPublicKey)
                && Arrays.equals(k.seedCommitment, seedCommitment) && Arrays.equals(k.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, collaborator, Arrays.hashCode(cipherPublicKey), Arrays.hashCode(maskPublicKey));
    }

    @Override
    public String toString() {
        return "KeyAdvertisement[round=" + round + ", collaborator=" + collaborator + ", cipherPublicKey="
                + Bytes.show(cipherPublicKey) + ", maskPublicKey=" + Bytes.show(maskPublicKey) + "]";
    }
}
