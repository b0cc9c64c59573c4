package org.fl4j.secagg.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, with Bouncy Castle's constant-time implementation
 * ({@code org.bouncycastle.math.ec.rfc7748.X25519}): about 2x faster than the JDK 17 "XDH" provider, which matters
 * because a round of n participants on the complete graph agrees about 2n^2 keys across the federation
 * (docs/benchmarks.md). A private key is 32 random bytes (the function clamps it), a public key the little-endian
 * u-coordinate. A peer key of small order gives the all-zero shared secret RFC 7748 section 6.1 warns about;
 * {@link #agree} refuses it as an invalid key.
 */
public final class X25519 {

    /** Bytes of a private key, a public key and a shared secret. */
    public static final int KEY_BYTES = 32;

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
        requireLength(privateKey, "private key");
        byte[] pub = new byte[KEY_BYTES];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, pub, 0);
        return pub;
    }

    /**
     * The 32-byte shared secret X25519(privateKey, publicKey).
     *
     * @throws InvalidKeyException when the public key has small order (the result would be all zeros)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        requireLength(privateKey, "private key");
        requireLength(publicKey, "public key");
        byte[] secret = new byte[KEY_BYTES];
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, publicKey, 0, secret, 0)) {
            throw new InvalidKeyException("the X25519 public key has small order (the shared secret is all zeros)");
        }
        return secret;
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
