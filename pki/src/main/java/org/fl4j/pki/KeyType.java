package org.fl4j.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;

/** The key types fl4j creates. Every signature fl4j makes uses SHA-384. */
public enum KeyType {
    /** ECDSA on NIST P-384 (secp384r1): the default. */
    EC_P384("ec-p384", "SHA384withECDSA"),
    /** RSA with a 3072-bit modulus. */
    RSA_3072("rsa-3072", "SHA384withRSA");

    private final String label;
    private final String signatureAlgorithm;

    KeyType(String label, String signatureAlgorithm) {
        this.label = label;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The name users type: {@code ec-p384} or {@code rsa-3072}. */
    public String label() {
        return label;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Parses a user-typed label such as {@code ec-p384}. */
    public static KeyType parse(String label) {
        return Arrays.stream(values())
                .filter(k -> k.label.equals(label.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new PkiException("unknown key type '" + label + "': choose ec-p384 or rsa-3072"));
    }

    KeyPair generate() {
        try {
            if (this == EC_P384) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp384r1"), new SecureRandom());
                return gen.generateKeyPair();
            }
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(3072, new SecureRandom());
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + label + " key pair: " + e.getMessage(), e);
        }
    }

    /** The SHA-384 signature algorithm for a key of any supported algorithm ("EC" or "RSA"). */
    static String signatureAlgorithmFor(java.security.Key key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> EC_P384.signatureAlgorithm;
            case "RSA" -> RSA_3072.signatureAlgorithm;
            default -> throw new PkiException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
