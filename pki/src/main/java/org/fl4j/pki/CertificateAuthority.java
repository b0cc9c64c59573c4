package org.fl4j.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The workspace's two-level certificate authority: a root CA (path length 1) that signs only the signing CA
 * (path length 0), which signs aggregator and collaborator certificates and the revocation list.
 */
public final class CertificateAuthority {

    /** Default validity of the root CA. */
    public static final int DEFAULT_ROOT_DAYS = 3650;
    /** Default validity of the signing CA. */
    public static final int DEFAULT_SIGNING_DAYS = 1825;
    /** Default validity of aggregator and collaborator certificates. */
    public static final int DEFAULT_LEAF_DAYS = 365;
    /** Certificates start this long in the past, so small clock differences between sites do not matter. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private final PkiLayout layout;
    private final X509Certificate root;
    private final X509Certificate signing;
    private final PrivateKey signingKey;

    private CertificateAuthority(PkiLayout layout, X509Certificate root, X509Certificate signing, PrivateKey signingKey) {
        this.layout = layout;
        this.root = root;
        this.signing = signing;
        this.signingKey = signingKey;
    }

    /** Whether the workspace holds a CA (both CA certificates and the signing key). */
    public static boolean exists(PkiLayout layout) {
        return Files.exists(layout.rootCaCert()) && Files.exists(layout.signingCaCert())
                && Files.exists(layout.signingCaKey());
    }

    /**
     * Creates the root and signing CA and the chain file. Refuses when a CA already exists: replacing it
     * would silently invalidate every certificate it signed.
     */
    public static CertificateAuthority create(PkiLayout layout, KeyType keyType, int rootDays, int signingDays) {
        if (Files.exists(layout.rootCaCert()) || Files.exists(layout.rootCaKey()) || Files.exists(layout.signingCaKey())) {
            throw new PkiException("a certificate authority already exists in " + layout.caDir()
                    + ": a new one would invalidate every certificate it signed; remove that folder first"
                    + " if you really mean to start over");
        }
        if (rootDays < 1 || signingDays < 1) {
            throw new PkiException("CA validity must be at least 1 day, found root " + rootDays + ", signing " + signingDays);
        }
        if (signingDays > rootDays) {
            throw new PkiException("the signing CA cannot outlive the root CA: signing validity " + signingDays
                    + " days > root validity " + rootDays + " days");
        }
        Instant now = Instant.now();
        Instant from = now.minus(BACKDATE);
        String id = HexFormat.of().formatHex(CertBuilder.serial().toByteArray(), 0, 4);
        KeyPair rootPair = keyType.generate();
        X509Certificate root = CertBuilder.selfSignedCa(SubjectNames.ca("fl4j Root CA " + id), rootPair.getPublic(),
                rootPair.getPrivate(), 1, from, now.plus(Duration.ofDays(rootDays)));
        KeyPair signingPair = keyType.generate();
        X509Certificate signing = CertBuilder.intermediateCa(SubjectNames.ca("fl4j Signing CA " + id),
                signingPair.getPublic(), root, rootPair.getPrivate(), 0, from, now.plus(Duration.ofDays(signingDays)));
        SecureFiles.writePrivate(layout.rootCaKey(), Pem.encodePrivateKey(rootPair.getPrivate()));
        SecureFiles.writePrivate(layout.signingCaKey(), Pem.encodePrivateKey(signingPair.getPrivate()));
        SecureFiles.writePublic(layout.rootCaCert(), Pem.encode(root));
        SecureFiles.writePublic(layout.signingCaCert(), Pem.encode(signing));
        SecureFiles.writePublic(layout.certChain(), Pem.encode(signing, root));
        return new CertificateAuthority(layout, root, signing, signingPair.getPrivate());
    }

    /** Loads the workspace's CA; refuses with a pointer to {@code fx workspace certify} when there is none. */
    public static CertificateAuthority load(PkiLayout layout) {
        if (!exists(layout)) {
            throw new PkiException("no certificate authority in " + layout.caDir()
                    + ": run 'fx workspace certify' first (on the site that holds the CA)");
        }
        X509Certificate root = Pem.readCertificate(layout.rootCaCert());
        X509Certificate signing = Pem.readCertificate(layout.signingCaCert());
        PrivateKey key = Pem.readPrivateKey(layout.signingCaKey());
        if (!Certificates.matches(signing, key)) {
            throw new PkiException(layout.signingCaKey() + " does not belong to " + layout.signingCaCert());
        }
        return new CertificateAuthority(layout, root, signing, key);
    }

    public PkiLayout layout() {
        return layout;
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate signing() {
        return signing;
    }

    /** The chain every site trusts: signing CA, then root CA (the content of {@code cert/cert_chain.crt}). */
    public List<X509Certificate> chain() {
        return List.of(signing, root);
    }

    /**
     * Checks a CSR (signature, CN = expected name, key, SANs) and signs it. Writes nothing.
     *
     * @param nameSource where the expected name comes from, for the message when the CN differs
     */
    public X509Certificate sign(byte[] csrPem, String csrSource, CertificateUsage usage, String expectedName,
            String nameSource, int validityDays) {
        var csr = new JcaPKCS10CertificationRequest(Pem.parseCsr(csrPem, csrSource));
        CsrCheck.Checked checked = CsrCheck.check(csr, usage, expectedName, nameSource);
        if (validityDays < 1) {
            throw new PkiException("certificate validity must be at least 1 day, found " + validityDays);
        }
        Instant now = Instant.now();
        Instant to = now.plus(Duration.ofDays(validityDays));
        if (to.isAfter(signing.getNotAfter().toInstant())) {
            long max = Duration.between(now, signing.getNotAfter().toInstant()).toDays();
            throw new PkiException("a certificate valid for " + validityDays + " days would outlive the signing CA"
                    + " (valid until " + signing.getNotAfter().toInstant() + "); choose at most " + max + " days");
        }
        return CertBuilder.leaf(checked.subject(), checked.publicKey(), checked.sans(), usage, signing, signingKey,
                now.minus(BACKDATE), to);
    }

    /** The SHA-384 (hex) of a PEM CSR, as printed when it was made; checks nothing else. */
    public static String csrSha384(byte[] csrPem, String csrSource) {
        return CsrCheck.sha384(new JcaPKCS10CertificationRequest(Pem.parseCsr(csrPem, csrSource)));
    }

    /** Writes a signed certificate (leaf only) to a file. */
    public static void writeCertificate(Path file, X509Certificate certificate) {
        SecureFiles.writePublic(file, Pem.encode(certificate));
    }

    /** Adds the certificate to the CRL ({@code cert/ca/signing-ca.crl}), re-signed by the signing CA. */
    public void revoke(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(signing.getSubjectX500Principal())) {
            throw new PkiException("certificate " + certificate.getSubjectX500Principal() + " was not issued by this"
                    + " workspace's signing CA (issuer " + certificate.getIssuerX500Principal() + ")");
        }
        CrlWriter.addRevoked(layout.crl(), signing, signingKey, certificate.getSerialNumber());
    }

    /** Whether the CRL lists the certificate. */
    public boolean isRevoked(X509Certificate certificate) {
        return RevocationCheck.fromFile(layout.crl(), chain()).isRevoked(certificate);
    }
}
