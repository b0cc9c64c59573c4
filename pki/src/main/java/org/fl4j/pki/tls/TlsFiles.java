package org.fl4j.pki.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.fl4j.pki.PkiLayout;

/**
 * The files one TLS endpoint needs.
 *
 * @param certificate this endpoint's certificate (PEM; the leaf first, intermediates may follow)
 * @param privateKey its PKCS#8 PEM private key
 * @param trustedChain the chain file ({@code cert/cert_chain.crt}): its self-signed root is the only trust
 *     anchor, its intermediates complete peer chains
 * @param crl the revocation list to honour, or null for none; a path to a file that does not exist yet is
 *     fine (nothing revoked until it appears)
 */
public record TlsFiles(Path certificate, Path privateKey, Path trustedChain, Path crl) {

    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(trustedChain, "trustedChain");
    }

    /** The aggregator's files in a workspace, honouring the workspace's CRL. */
    public static TlsFiles aggregator(PkiLayout layout, String fqdn) {
        return new TlsFiles(layout.aggregatorCert(fqdn), layout.aggregatorKey(fqdn), layout.certChain(), layout.crl());
    }

    /** A collaborator's files in a workspace, honouring the workspace's CRL if the site has one. */
    public static TlsFiles collaborator(PkiLayout layout, String name) {
        return new TlsFiles(layout.collaboratorCert(name), layout.collaboratorKey(name), layout.certChain(),
                layout.crl());
    }

    /** An operator's files in the CA holder's workspace ({@code fx pki operator}), honouring its CRL. */
    public static TlsFiles operator(PkiLayout layout, String name) {
        return new TlsFiles(layout.operatorCert(name), layout.operatorKey(name), layout.certChain(), layout.crl());
    }

    public Optional<Path> crlFile() {
        return Optional.ofNullable(crl);
    }

    /** The same files with another (or no) CRL. */
    public TlsFiles withCrl(Path newCrl) {
        return new TlsFiles(certificate, privateKey, trustedChain, newCrl);
    }
}
