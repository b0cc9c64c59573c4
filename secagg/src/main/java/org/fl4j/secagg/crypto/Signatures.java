package org.fl4j.secagg.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signatures with a site's certificate key, with the algorithm fl4j's PKI uses for that key type:
 * SHA384withECDSA for EC keys (P-384 by default), SHA384withRSA for RSA keys. EC signatures are verified with
 * Bouncy Castle's provider (its P-384 arithmetic verified about 3x faster than JDK 17's SunEC here, and a round on
 * the complete graph of n participants verifies about 2n^2 signatures across the federation: docs/benchmarks.md);
 * the provider instance is private to this class, not registered with the JVM.
 */
public final class Signatures {

    private static final Provider VERIFIER = new BouncyCastleProvider();

    private Signatures() {
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over {@code data}; a malformed signature is simply not valid. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            String algorithm = algorithm(key);
            Signature s = algorithm.endsWith("ECDSA") ? Signature.getInstance(algorithm, VERIFIER)
                    : Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The signature algorithm for a key ("EC" or "RSA"), as {@code org.fl4j.pki.KeyType} chooses it. */
    static String algorithm(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA384withECDSA";
            case "RSA" -> "SHA384withRSA";
            default -> throw new IllegalArgumentException("unsupported certificate key algorithm "
                    + key.getAlgorithm());
        };
    }
}
