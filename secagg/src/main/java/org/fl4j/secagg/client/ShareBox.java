package org.fl4j.secagg.client;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.crypto.ShareCipher;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.shamir.Share;

/**
 * Encrypts this collaborator's two shares for a neighbour, and decrypts a neighbour's for it: AES-256-GCM under
 * the directional key HKDF(X25519(own cipher key, neighbour's cipher key), sender, receiver, round, federation),
 * with the same fields as associated data. The plaintext is the seed share's and the mask-key share's limbs.
 * The X25519 secret agreed with a neighbour serves both directions (sealing to it, opening from it), so it is
 * agreed once a round and kept until {@link #close()}.
 */
final class ShareBox {

    static final int PLAINTEXT_BYTES = 2 * Share.Y_BYTES;

    private final RoundParameters params;
    private final String me;
    private final byte[] cipherPrivateKey;
    private final SecureRandom random;
    /** The secret agreed with each neighbour's cipher key, by name. */
    private final Map<String, byte[]> agreed = new HashMap<>();

    ShareBox(RoundParameters params, String me, byte[] cipherPrivateKey, SecureRandom random) {
        this.params = params;
        this.me = me;
        this.cipherPrivateKey = cipherPrivateKey;
        this.random = random;
    }

    EncryptedShare seal(Neighbour v, Share seedShare, Share keyShare) {
        byte[] key = key(v, me, v.name());
        byte[] plaintext = new byte[PLAINTEXT_BYTES];
        System.arraycopy(seedShare.y(), 0, plaintext, 0, Share.Y_BYTES);
        System.arraycopy(keyShare.y(), 0, plaintext, Share.Y_BYTES, Share.Y_BYTES);
        byte[] nonce = new byte[ShareCipher.NONCE_BYTES];
        byte[] ciphertext = ShareCipher.seal(key, nonce, SignedData.shareAad(params.federationId(), params.round(),
                me, v.name()), plaintext, random);
        Arrays.fill(plaintext, (byte) 0);
        Arrays.fill(key, (byte) 0);
        return new EncryptedShare(me, v.name(), nonce, ciphertext);
    }

    /** The two shares {@code sender} sent; aborts when they do not authenticate or are malformed. */
    Received open(Neighbour sender, EncryptedShare s) {
        String v = sender.name();
        byte[] key = key(sender, v, me);
        byte[] plaintext;
        try {
            plaintext = ShareCipher.open(key, s.nonce(), SignedData.shareAad(params.federationId(), params.round(), v,
                    me), s.ciphertext());
        } catch (AEADBadTagException e) {
            throw SecAggClient.abort("the share from '" + v + "' fails authentication: it was altered, or not"
                    + " encrypted by '" + v + "' for '" + me + "' in this round");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            if (plaintext.length != PLAINTEXT_BYTES) {
                throw SecAggClient.abort("the share from '" + v + "' has " + plaintext.length + " bytes, expected "
                        + PLAINTEXT_BYTES);
            }
            int x = params.shareX(me);
            return new Received(Share.of(x, Arrays.copyOfRange(plaintext, 0, Share.Y_BYTES)),
                    Share.of(x, Arrays.copyOfRange(plaintext, Share.Y_BYTES, plaintext.length)));
        } catch (IllegalArgumentException e) {
            throw SecAggClient.abort("the share from '" + v + "' is malformed: " + e.getMessage());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Forgets the agreed secrets (zeroed). */
    void close() {
        agreed.values().forEach(secret -> Arrays.fill(secret, (byte) 0));
        agreed.clear();
    }

    private byte[] key(Neighbour v, String sender, String receiver) {
        byte[] secret = agreed.computeIfAbsent(v.name(),
                name -> SecAggClient.agree(cipherPrivateKey, v.cipherPublicKey(), name, "cipher"));
        return SignedData.shareKey(secret, params.federationId(), params.round(), sender, receiver);
    }
}
