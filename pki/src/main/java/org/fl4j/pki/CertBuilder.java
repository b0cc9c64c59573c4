package org.fl4j.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs X.509 v3 certificates with the extensions fl4j always sets. */
final class CertBuilder {

    static final SecureRandom RANDOM = new SecureRandom();

    private CertBuilder() {
    }

    /** A random positive 159-bit serial number (RFC 5280: at most 20 octets, unpredictable). */
    static BigInteger serial() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }

    static X509Certificate selfSignedCa(X500Name subject, PublicKey key, PrivateKey signer, int pathLen,
            Instant from, Instant to) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
                    Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(key));
            return sign(b, signer);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot build the root CA certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate intermediateCa(X500Name subject, PublicKey key, X509Certificate issuer,
            PrivateKey issuerKey, int pathLen, Instant from, Instant to) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from),
                    Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            return sign(b, issuerKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot build the signing CA certificate: " + e.getMessage(), e);
        }
    }

    /** An end-entity certificate: CA:false, KeyUsage for the key's algorithm, one EKU, the given SANs. */
    static X509Certificate leaf(X500Name subject, PublicKey key, GeneralNames sans, CertificateUsage usage,
            X509Certificate issuer, PrivateKey issuerKey, Instant from, Instant to) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from),
                    Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int keyUsage = "RSA".equals(key.getAlgorithm())
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purposes()));
            if (sans != null && sans.getNames().length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            return sign(b, issuerKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot build the certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            var contentSigner = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signer)).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
