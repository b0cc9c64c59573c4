package org.fl4j.secagg.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the shares one collaborator sends another: a fresh 96-bit random nonce per message, a 128-bit
 * tag, and associated data that binds federation, round, sender and receiver. The key is directional (derived
 * for one sender and one receiver), so it encrypts one message per round.
 */
public final class ShareCipher {

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private ShareCipher() {
    }

    /** Encrypts {@code plaintext} under a fresh nonce drawn into {@code nonceOut}; returns ciphertext and tag. */
    public static byte[] seal(byte[] key, byte[] nonceOut, byte[] aad, byte[] plaintext, SecureRandom random) {
        random.nextBytes(nonceOut);
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonceOut));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required of every Java platform", e);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws AEADBadTagException when the ciphertext, nonce, AAD or key do not match (tampering, or a key that was
     *                             not the sender's)
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        if (nonce.length != NONCE_BYTES) {
            throw new AEADBadTagException("nonce of " + nonce.length + " bytes, expected " + NONCE_BYTES);
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required of every Java platform", e);
        }
    }
}
