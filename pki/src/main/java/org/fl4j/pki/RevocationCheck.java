package org.fl4j.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "is this certificate revoked?" from the workspace's CRL ({@code cert/ca/signing-ca.crl}). The file
 * is re-read whenever its modification time or size changes, so {@code fx collaborator revoke} takes effect
 * on a running aggregator at the next handshake or call.
 *
 * <p>A missing CRL file means nothing is revoked yet. A CRL that cannot be read, or whose signature does not
 * verify against a trusted issuer, fails closed: every certificate counts as revoked until it is fixed.
 * Thread-safe.
 */
public final class RevocationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationCheck.class);
    private static final RevocationCheck NONE = new RevocationCheck(null, List.of());

    private final Path crlFile;
    private final List<X509Certificate> issuers;
    private volatile Snapshot snapshot;

    private record Snapshot(Object fileKey, long modified, long size, X509CRL crl, String problem) {
    }

    private RevocationCheck(Path crlFile, List<X509Certificate> issuers) {
        this.crlFile = crlFile;
        this.issuers = List.copyOf(issuers);
    }

    /** A check that revokes nothing (no CRL configured). */
    public static RevocationCheck none() {
        return NONE;
    }

    /**
     * A check against the CRL file, accepted only when signed by one of the issuers (the signing CA; pass the
     * certificates of the trusted chain).
     */
    public static RevocationCheck fromFile(Path crlFile, List<X509Certificate> issuers) {
        return new RevocationCheck(Objects.requireNonNull(crlFile), issuers);
    }

    /** A check against the workspace's CRL, trusting the issuers in {@code cert/cert_chain.crt}. */
    public static RevocationCheck forWorkspace(PkiLayout layout) {
        return fromFile(layout.crl(), Pem.readCertificates(layout.certChain()));
    }

    /** Whether the certificate is on the CRL (or the CRL is unusable, see the class comment). */
    public boolean isRevoked(X509Certificate certificate) {
        if (crlFile == null) {
            return false;
        }
        Snapshot s = current();
        if (s.problem != null) {
            return true;
        }
        if (s.crl == null || !s.crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        return s.crl.getRevokedCertificate(certificate.getSerialNumber()) != null;
    }

    /** Why the CRL is unusable (everything then counts as revoked), or null when it is fine or absent. */
    public String problem() {
        return crlFile == null ? null : current().problem;
    }

    private Snapshot current() {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(crlFile, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, -1, -1, null, null);
        } catch (IOException e) {
            return new Snapshot(null, -1, -1, null, "cannot read " + crlFile + ": " + e.getMessage());
        }
        // the CA replaces the CRL by an atomic rename, so the file key (inode) changes with every update
        Object fileKey = attrs.fileKey();
        long modified = attrs.lastModifiedTime().toMillis();
        long size = attrs.size();
        Snapshot s = snapshot;
        if (s != null && Objects.equals(s.fileKey, fileKey) && s.modified == modified && s.size == size) {
            return s;
        }
        s = load(fileKey, modified, size);
        snapshot = s;
        return s;
    }

    private Snapshot load(Object fileKey, long modified, long size) {
        try {
            X509CRL crl = Pem.readCrl(crlFile);
            for (X509Certificate issuer : issuers) {
                if (issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                    crl.verify(issuer.getPublicKey());
                    LOG.debug("Loaded {} ({} revoked)", crlFile,
                            crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size());
                    return new Snapshot(fileKey, modified, size, crl, null);
                }
            }
            return failed(fileKey, modified, size, crlFile + " is issued by " + crl.getIssuerX500Principal()
                    + ", which is not a trusted CA");
        } catch (java.security.GeneralSecurityException e) {
            return failed(fileKey, modified, size, crlFile + " has a signature that does not verify: " + e.getMessage());
        } catch (PkiException e) {
            return failed(fileKey, modified, size, e.getMessage());
        }
    }

    private static Snapshot failed(Object fileKey, long modified, long size, String problem) {
        LOG.error("Revocation list unusable, refusing every certificate until it is fixed: {}", problem);
        return new Snapshot(fileKey, modified, size, null, problem);
    }
}
