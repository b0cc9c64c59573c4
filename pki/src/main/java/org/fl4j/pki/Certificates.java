package org.fl4j.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Facts about a certificate that fl4j prints or decides on. */
public final class Certificates {

    private Certificates() {
    }

    /**
     * The subject's common name: the collaborator name of a client certificate, the host name of the
     * aggregator's. Refuses a subject with no CN or with several (identity must be unambiguous).
     */
    /**
     * True when the certificate carries fl4j's operator purpose ({@link CertificateUsage#OPERATOR_OID}) among its
     * extended key usages: the holder is an operator, never a collaborator.
     */
    public static boolean isOperator(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(CertificateUsage.OPERATOR_OID);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    public static String commonName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal());
    }

    /** The single CN of a distinguished name; refuses none or several. */
    public static String commonName(X500Principal principal) {
        return commonName(X500Name.getInstance(principal.getEncoded()));
    }

    static String commonName(X500Name name) {
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            throw new PkiException("subject '" + name + "' must have exactly one common name (CN), found " + cns.length);
        }
        ASN1Encodable value = cns[0].getFirst().getValue();
        return IETFUtils.valueToString(value);
    }

    /** The subject alternative names as {@code DNS:host} / {@code IP:address} strings, in certificate order. */
    public static List<String> subjectAltNames(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return out;
            }
            for (List<?> entry : names) {
                int type = (Integer) entry.get(0);
                String prefix = switch (type) {
                    case 2 -> "DNS:";
                    case 7 -> "IP:";
                    case 1 -> "email:";
                    case 6 -> "URI:";
                    default -> "type" + type + ":";
                };
                out.add(prefix + entry.get(1));
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("unreadable subject alternative names in " + certificate.getSubjectX500Principal(), e);
        }
        return out;
    }

    /** The SHA-384 of the DER encoding, as lower-case hex. */
    public static String sha384(X509Certificate certificate) {
        try {
            return sha384(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** The SHA-384 of the bytes, as lower-case hex. */
    public static String sha384(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required of every Java platform", e);
        }
    }

    /** Whether the private key belongs to the certificate's public key (checked by signing and verifying). */
    public static boolean matches(X509Certificate certificate, java.security.PrivateKey key) {
        if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            CertBuilder.RANDOM.nextBytes(probe);
            java.security.Signature signer = java.security.Signature.getInstance(KeyType.signatureAlgorithmFor(key));
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(KeyType.signatureAlgorithmFor(key));
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether the certificate is self-signed by its own key (a root). */
    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
