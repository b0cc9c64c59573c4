package org.fl4j.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The CA holder's side of certification: check a request (from a package or the workspace), then, once the
 * user confirmed its hash, sign it and write the certificate (and the signed package); and revocation.
 * Every check runs in {@code prepare...}; {@link #issue} only writes.
 */
public final class CertificateIssuer {

    /**
     * What {@link #issue} did.
     *
     * @param signedPackage the package to send back to the site, or null when the request was local
     * @param revoked the previous certificate it revoked first, or null
     */
    public record Issued(String name, X509Certificate certificate, Path certificateFile, Path signedPackage,
            X509Certificate revoked) {
    }

    private final PkiLayout layout;
    private final CertificateAuthority ca;

    private CertificateIssuer(PkiLayout layout, CertificateAuthority ca) {
        this.layout = layout;
        this.ca = ca;
    }

    /** Opens the workspace's CA; refuses when there is none ({@code fx workspace certify} first). */
    public static CertificateIssuer open(PkiLayout layout) {
        return new CertificateIssuer(layout, CertificateAuthority.load(layout));
    }

    public CertificateAuthority authority() {
        return ca;
    }

    /** Checks a collaborator's request package ({@code fx collaborator certify --request-pkg}). */
    public PendingRequest prepareRequestPackage(Path pkg, boolean force) {
        RequestPackage request = RequestPackage.read(pkg);
        return prepare(request.name(), CertificateUsage.CLIENT, request.csrPem(), request.source(), true,
                "the package name", force);
    }

    /** Checks the local CSR {@code cert/client/col_<name>.csr} ({@code fx collaborator certify -n}). */
    public PendingRequest prepareCollaborator(String name, boolean force) {
        Path csr = layout.collaboratorCsr(name);
        return prepare(name, CertificateUsage.CLIENT, readCsr(csr, "fx collaborator generate-cert-request -n " + name),
                csr.toString(), false, "the collaborator name", force);
    }

    /** Checks the local CSR {@code cert/operator/op_<name>.csr} ({@code fx pki operator}). */
    public PendingRequest prepareOperator(String name, boolean force) {
        Path csr = layout.operatorCsr(name);
        return prepare(name, CertificateUsage.OPERATOR, readCsr(csr, "fx pki operator -n " + name), csr.toString(),
                false, "the operator name", force);
    }

    /** Checks the local CSR {@code cert/server/agg_<fqdn>.csr} ({@code fx aggregator certify}). */
    public PendingRequest prepareAggregator(String fqdn, boolean force) {
        Path csr = layout.aggregatorCsr(fqdn);
        return prepare(fqdn, CertificateUsage.SERVER, readCsr(csr, "fx aggregator generate-cert-request --fqdn " + fqdn),
                csr.toString(), false, "the aggregator name", force);
    }

    private static byte[] readCsr(Path csr, String command) {
        if (!Files.exists(csr)) {
            throw new PkiException("no certificate signing request at " + csr + ": run '" + command + "' first");
        }
        return Pem.read(csr);
    }

    private PendingRequest prepare(String name, CertificateUsage usage, byte[] csrPem, String source,
            boolean fromPackage, String nameSource, boolean force) {
        // a dry run of the signature: every check on the CSR, nothing kept
        ca.sign(csrPem, source, usage, name, nameSource, 1);
        X509Certificate current = currentCertificate(usage, name);
        if (current != null && !force) {
            throw new PkiException(usage.role() + " '" + name + "' already has a certificate (serial "
                    + current.getSerialNumber().toString(16) + ", valid until " + current.getNotAfter().toInstant()
                    + "); pass --force to revoke it and sign the new request");
        }
        return new PendingRequest(name, usage, CertificateAuthority.csrSha384(csrPem, source), source, fromPackage,
                current, csrPem.clone());
    }

    /** The unrevoked certificate this CA issued for the name, or null. */
    private X509Certificate currentCertificate(CertificateUsage usage, String name) {
        Path file = switch (usage) {
            case SERVER -> layout.aggregatorCert(name);
            case CLIENT -> layout.collaboratorCert(name);
            case OPERATOR -> layout.operatorCert(name);
        };
        if (!Files.exists(file)) {
            return null;
        }
        X509Certificate cert = Pem.readCertificate(file);
        boolean ours = cert.getIssuerX500Principal().equals(ca.signing().getSubjectX500Principal());
        return ours && !ca.isRevoked(cert) ? cert : null;
    }

    /** Signs a checked request: revokes the certificate it replaces, writes the new one (and package). */
    public Issued issue(PendingRequest request, int validityDays) {
        X509Certificate cert = ca.sign(request.csrPem(), request.source(), request.usage(), request.name(),
                "the expected name", validityDays);
        if (request.replaces() != null) {
            ca.revoke(request.replaces());
        }
        Path file = request.certificateFile(layout);
        CertificateAuthority.writeCertificate(file, cert);
        Path pkg = null;
        if (request.fromPackage()) {
            pkg = layout.signedPackage(request.name());
            SignedPackage.write(pkg, request.name(), cert, ca.chain());
        }
        return new Issued(request.name(), cert, file, pkg, request.replaces());
    }

    /** Revokes the collaborator's certificate ({@code cert/client/col_<name>.crt}). */
    public X509Certificate revokeCollaborator(String name) {
        return revoke(layout.collaboratorCert(name), "collaborator '" + name + "'");
    }

    /** Revokes the aggregator's certificate ({@code cert/server/agg_<fqdn>.crt}). */
    public X509Certificate revokeAggregator(String fqdn) {
        return revoke(layout.aggregatorCert(fqdn), "aggregator '" + fqdn + "'");
    }

    private X509Certificate revoke(Path file, String who) {
        if (!Files.exists(file)) {
            throw new PkiException("no certificate for " + who + " at " + file + ": nothing to revoke");
        }
        X509Certificate cert = Pem.readCertificate(file);
        if (ca.isRevoked(cert)) {
            throw new PkiException("the certificate of " + who + " (serial " + cert.getSerialNumber().toString(16)
                    + ") is already revoked");
        }
        ca.revoke(cert);
        return cert;
    }
}
