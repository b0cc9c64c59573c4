package org.fl4j.secagg.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * Shares of {@code sender}'s mask key and self-mask seed for {@code receiver}, AES-256-GCM encrypted under their
 * directional key; only the receiver can read them.
 */
public record EncryptedShare(String sender, String receiver, byte[] nonce, byte[] ciphertext) {

    public EncryptedShare {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receiver, "receiver");
        nonce = Bytes.copy(nonce, "nonce");
        ciphertext = Bytes.copy(ciphertext, "ciphertext");
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedShare e && e.sender.equals(sender) && e.receiver.equals(receiver)
                && Arrays.equals(e.nonce, nonce) && Arrays.equals(e.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, receiver, Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "EncryptedShare[" + sender + " -> " + receiver + ", " + Bytes.show(ciphertext) + "]";
    }
}
