package org.fl4j.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.pki.tls.TlsFiles;

/**
 * A test fixture (in fl4j-pki's test-jar): a real workspace PKI made with this module in a temporary folder.
 * It holds a CA, an aggregator certificate for {@code localhost} (DNS SAN localhost, IP SAN 127.0.0.1)
 * and client certificates for the given names; and, in a sibling folder, a foreign CA.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tempDir, "col1", "col2");
 * SslContext server = TlsContexts.server(pki.server());         // honours pki.layout().crl()
 * SslContext client = TlsContexts.client(pki.client("col1"));
 * NettyChannelBuilder.forAddress("localhost", port).sslContext(client) ...
 * pki.revoke("col2");                                           // next handshake of col2 fails
 * TlsContexts.client(pki.foreignClient("col1"))                 // same CN, issued by another CA
 * }</pre>
 */
public final class TestPki {

    /** The aggregator's host name in the fixture. */
    public static final String AGGREGATOR = "localhost";

    private final Path workspace;
    private final PkiLayout layout;
    private final CertificateAuthority ca;
    private final PkiLayout foreignLayout;
    private final CertificateAuthority foreignCa;
    private final Map<String, TlsFiles> clients = new LinkedHashMap<>();

    private TestPki(Path dir) {
        this.workspace = dir.resolve("workspace");
        this.layout = PkiLayout.of(workspace);
        this.ca = CertificateAuthority.create(layout, KeyType.EC_P384, 30, 20);
        this.foreignLayout = PkiLayout.of(dir.resolve("foreign"));
        this.foreignCa = CertificateAuthority.create(foreignLayout, KeyType.EC_P384, 30, 20);
    }

    /** Creates the PKI under {@code dir} (subfolders {@code workspace} and {@code foreign}). */
    public static TestPki create(Path dir, String... clientNames) {
        TestPki pki = new TestPki(dir);
        var req = CertificateRequests.forAggregator(pki.layout, AGGREGATOR, List.of("127.0.0.1"), KeyType.EC_P384, false);
        pki.signTo(pki.ca, req, CertificateUsage.SERVER, pki.layout.aggregatorCert(AGGREGATOR));
        for (String name : clientNames) {
            pki.addClient(name);
        }
        return pki;
    }

    /** Issues a client certificate for one more collaborator and returns its files. */
    public TlsFiles addClient(String name) {
        var req = CertificateRequests.forCollaborator(layout, name, KeyType.EC_P384, false);
        signTo(ca, req, CertificateUsage.CLIENT, layout.collaboratorCert(name));
        TlsFiles files = TlsFiles.collaborator(layout, name);
        clients.put(name, files);
        return files;
    }

    /** Issues an operator certificate ({@code fx pki operator}) and returns its files. */
    public TlsFiles addOperator(String name) {
        var req = CertificateRequests.forOperator(layout, name, KeyType.EC_P384, false);
        signTo(ca, req, CertificateUsage.OPERATOR, layout.operatorCert(name));
        return TlsFiles.operator(layout, name);
    }

    private void signTo(CertificateAuthority authority, CertificateRequests.Request req, CertificateUsage usage,
            Path cert) {
        byte[] csr = Pem.read(req.csr());
        CertificateAuthority.writeCertificate(cert,
                authority.sign(csr, req.csr().toString(), usage, req.name(), "the request", 10));
    }

    /** The workspace folder holding the PKI. */
    public Path workspace() {
        return workspace;
    }

    public PkiLayout layout() {
        return layout;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /** {@code cert/cert_chain.crt}: signing CA + root CA. */
    public Path chain() {
        return layout.certChain();
    }

    /** The aggregator's files (host {@code localhost}), with the workspace CRL. */
    public TlsFiles server() {
        return TlsFiles.aggregator(layout, AGGREGATOR);
    }

    /** A client's files; the name must have been given to {@link #create} or {@link #addClient}. */
    public TlsFiles client(String name) {
        TlsFiles files = clients.get(name);
        if (files == null) {
            throw new IllegalArgumentException("no client '" + name + "' in this TestPki: " + clients.keySet());
        }
        return files;
    }

    /** The client's certificate. */
    public X509Certificate clientCertificate(String name) {
        return Pem.readCertificate(client(name).certificate());
    }

    /** Revokes a client's certificate in the workspace CRL ({@code cert/ca/signing-ca.crl}). */
    public void revoke(String name) {
        ca.revoke(clientCertificate(name));
    }

    /**
     * A client certificate with CN {@code name} issued by the foreign CA; the files trust our root, so a
     * client using them reaches the server's certificate check (which must refuse it).
     */
    public TlsFiles foreignClient(String name) {
        Path cert = foreignLayout.collaboratorCert(name);
        if (!Files.exists(cert)) {
            var req = CertificateRequests.forCollaborator(foreignLayout, name, KeyType.EC_P384, false);
            signTo(foreignCa, req, CertificateUsage.CLIENT, cert);
        }
        return new TlsFiles(cert, foreignLayout.collaboratorKey(name), layout.certChain(), null);
    }

    /** A client certificate for {@code name} from our signing CA that expired yesterday. */
    public TlsFiles expiredClient(String name) {
        PkiLayout expired = PkiLayout.of(workspace.resolveSibling("expired"));
        KeyPair pair = KeyType.EC_P384.generate();
        Instant now = Instant.now();
        X509Certificate cert = CertBuilder.leaf(SubjectNames.cn(name), pair.getPublic(),
                null, CertificateUsage.CLIENT,
                ca.signing(), Pem.readPrivateKey(layout.signingCaKey()), now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)));
        SecureFiles.writePrivate(expired.collaboratorKey(name), Pem.encodePrivateKey(pair.getPrivate()));
        CertificateAuthority.writeCertificate(expired.collaboratorCert(name), cert);
        return new TlsFiles(expired.collaboratorCert(name), expired.collaboratorKey(name), layout.certChain(), null);
    }
}
