package org.fl4j.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Writes the signing CA's CRL: the previous entries plus a new one, a higher CRL number, a fresh signature. */
final class CrlWriter {

    /** How long a CRL claims to be current. fl4j re-reads the file whenever it changes. */
    static final Duration NEXT_UPDATE = Duration.ofDays(365);

    private CrlWriter() {
    }

    static void addRevoked(Path file, X509Certificate issuer, PrivateKey issuerKey, BigInteger serial) {
        X509CRL previous = Files.exists(file) ? Pem.readCrl(file) : null;
        if (previous != null) {
            try {
                previous.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new PkiException(file + " is not signed by this workspace's signing CA: " + e.getMessage(), e);
            }
        }
        Instant now = Instant.now();
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer.getSubjectX500Principal(), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(NEXT_UPDATE)));
            BigInteger number = BigInteger.ONE;
            if (previous != null) {
                if (previous.getRevokedCertificates() != null) {
                    for (X509CRLEntry e : previous.getRevokedCertificates()) {
                        b.addCRLEntry(e.getSerialNumber(), e.getRevocationDate(), CRLReason.unspecified);
                    }
                }
                number = previousNumber(previous).add(BigInteger.ONE);
            }
            if (previous == null || previous.getRevokedCertificate(serial) == null) {
                b.addCRLEntry(serial, Date.from(now), CRLReason.unspecified);
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            var signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(issuerKey)).build(issuerKey);
            X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer));
            SecureFiles.writePublic(file, Pem.encode(crl));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new PkiException("cannot write the revocation list " + file + ": " + e.getMessage(), e);
        }
    }

    private static BigInteger previousNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            return BigInteger.ZERO;
        }
        var octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
        return ASN1Integer.getInstance(octets).getValue();
    }
}
