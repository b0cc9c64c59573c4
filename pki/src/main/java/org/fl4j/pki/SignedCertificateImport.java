package org.fl4j.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The collaborator site's side ({@code fx collaborator certify --import PKG}): installs the certificate and
 * chain of a signed package after checking that the certificate belongs to the local private key, is a
 * client certificate for that collaborator, and chains to the root the site trusts (the workspace's
 * {@code cert/cert_chain.crt} when it has one, otherwise the package's root, whose fingerprint is returned
 * for an out-of-band comparison).
 */
public final class SignedCertificateImport {

    /**
     * What was installed.
     *
     * @param rootSha384 the SHA-384 of the root CA certificate the collaborator now trusts
     * @param newTrust whether the site had no chain before (the root fingerprint should be compared)
     */
    public record Imported(String name, Path certificateFile, Path chainFile, X509Certificate certificate,
            String rootSha384, boolean newTrust) {
    }

    private SignedCertificateImport() {
    }

    public static Imported run(PkiLayout layout, Path pkg) {
        SignedPackage signed = SignedPackage.read(pkg);
        String name = signed.name();
        X509Certificate cert = signed.certificate();
        Path keyFile = layout.collaboratorKey(name);
        if (!Files.exists(keyFile)) {
            throw new PkiException("refusing " + pkg + ": there is no private key for collaborator '" + name + "' at "
                    + keyFile + "; import the package in the workspace that ran 'fx collaborator"
                    + " generate-cert-request -n " + name + "'");
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!Certificates.matches(cert, key)) {
            throw new PkiException("refusing " + pkg + ": its certificate does not match the local private key "
                    + keyFile + " (it was signed for another request)");
        }
        String cn = Certificates.commonName(cert);
        if (!cn.equals(name)) {
            throw new PkiException("refusing " + pkg + ": its certificate is for '" + cn + "', not '" + name + "'");
        }
        X509Certificate packageRoot = ChainCheck.root(signed.chain(), pkg + "!" + SignedPackage.CHAIN);
        boolean newTrust = !Files.exists(layout.certChain());
        X509Certificate trustedRoot = packageRoot;
        if (!newTrust) {
            trustedRoot = ChainCheck.root(Pem.readCertificates(layout.certChain()), layout.certChain().toString());
            if (!trustedRoot.equals(packageRoot)) {
                throw new PkiException("refusing " + pkg + ": it was issued by another CA (root "
                        + packageRoot.getSubjectX500Principal() + ", SHA-384 " + Certificates.sha384(packageRoot)
                        + ") than the one this workspace trusts (" + trustedRoot.getSubjectX500Principal()
                        + ", SHA-384 " + Certificates.sha384(trustedRoot) + ")");
            }
        }
        List<X509Certificate> intermediates = signed.chain().stream().filter(c -> !c.equals(packageRoot)).toList();
        ChainCheck.verify(cert, intermediates, trustedRoot, "the certificate of '" + name + "'");
        requireClientAuth(cert, pkg);
        CertificateAuthority.writeCertificate(layout.collaboratorCert(name), cert);
        if (newTrust) {
            SecureFiles.writePublic(layout.certChain(), Pem.encode(signed.chain().toArray()));
        }
        return new Imported(name, layout.collaboratorCert(name), layout.certChain(), cert,
                Certificates.sha384(trustedRoot), newTrust);
    }

    private static void requireClientAuth(X509Certificate cert, Path pkg) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku == null || !eku.contains(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth.getId())) {
                throw new PkiException("refusing " + pkg + ": its certificate is not a client certificate"
                        + " (no clientAuth extended key usage)");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new PkiException("refusing " + pkg + ": unreadable extended key usage: " + e.getMessage(), e);
        }
    }
}
