package org.fl4j.secagg.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, through the JDK's "XDH" provider. A private key is 32 random bytes (the
 * function clamps it), a public key the little-endian u-coordinate. The JDK refuses a peer key of small order
 * (the all-zero shared secret RFC 7748 section 6.1 warns about); {@link #agree} reports that as an invalid key.
 */
public final class X25519 {

    /** Bytes of a private key, a public key and a shared secret. */
    public static final int KEY_BYTES = 32;
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519() {
    }

    /** A key pair: 32 bytes from {@code random} and their public key. */
    public static KeyPair generate(SecureRandom random) {
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        return new KeyPair(secret, publicKey(secret));
    }

    /** The public key of a private key: X25519(k, 9). */
    public static byte[] publicKey(byte[] privateKey) {
        try {
            return agree(privateKey, encodeU(BASE_POINT));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the base point cannot be refused", e);
        }
    }

    /**
     * The 32-byte shared secret X25519(privateKey, publicKey).
     *
     * @throws InvalidKeyException when the public key has small order (the result would be all zeros)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        requireLength(privateKey, "private key");
        requireLength(publicKey, "public key");
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                    privateKey.clone()));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 (XDH) is required of every Java 11+ platform", e);
        }
    }

    /** RFC 7748 decodeUCoordinate: little-endian, the most significant bit masked. */
    static BigInteger decodeU(byte[] u) {
        byte[] be = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            be[i] = u[KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }

    static byte[] encodeU(BigInteger u) {
        byte[] be = u.toByteArray();
        byte[] le = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    private static void requireLength(byte[] key, String what) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 " + what + " has " + KEY_BYTES + " bytes, found "
                    + key.length);
        }
    }

    /** A raw X25519 key pair; the private half is secret (callers clear it when done). */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
    }
}
