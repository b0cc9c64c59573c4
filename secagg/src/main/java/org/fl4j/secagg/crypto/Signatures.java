package org.fl4j.secagg.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signatures with a site's certificate key, with the algorithm fl4j's PKI uses for that key type:
 * SHA384withECDSA for EC keys (P-384 by default), SHA384withRSA for RSA keys.
 */
public final class Signatures {

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
            Signature s = Signature.getInstance(algorithm(key));
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
