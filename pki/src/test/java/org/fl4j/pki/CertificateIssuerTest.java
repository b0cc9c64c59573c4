package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA holder's workspace and a collaborator site's workspace, exchanging only packages. */
class CertificateIssuerTest {

    @TempDir
    Path dir;

    private PkiLayout caSite;
    private PkiLayout site;

    @BeforeEach
    void sites() {
        caSite = PkiLayout.of(dir.resolve("ca"));
        site = PkiLayout.of(dir.resolve("site"));
    }

    private Path requestPackage(String name) throws Exception {
        var req = CertificateRequests.forCollaborator(site, name, KeyType.EC_P384, false);
        Path pkg = CertificateRequests.writeRequestPackage(site, name);
        Path moved = caSite.workspace().resolve(pkg.getFileName());
        Files.createDirectories(caSite.workspace());
        Files.copy(pkg, moved);
        assertThat(req.sha384()).hasSize(96);
        return moved;
    }

    @Test
    void open_withoutCa_refused() {
        assertThatThrownBy(() -> CertificateIssuer.open(caSite)).hasMessageContaining("run 'fx workspace certify' first");
    }

    @Test
    void requestPackage_signAndImport_installsCertificateAndChain() throws Exception {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        Path pkg = requestPackage("site1");

        PendingRequest pending = issuer.prepareRequestPackage(pkg, false);
        assertThat(pending.sha384()).isEqualTo(CertificateAuthority.csrSha384(Files.readAllBytes(site.collaboratorCsr("site1")), "x"));
        assertThat(caSite.signedPackage("site1")).doesNotExist();
        CertificateIssuer.Issued issued = issuer.issue(pending, 30);

        assertThat(issued.signedPackage()).isEqualTo(caSite.signedPackage("site1")).exists();
        assertThat(Packages.read(issued.signedPackage())).containsOnlyKeys("col_site1.crt", "cert_chain.crt");
        var imported = SignedCertificateImport.run(site, issued.signedPackage());
        assertThat(imported.newTrust()).isTrue();
        assertThat(imported.rootSha384()).isEqualTo(Certificates.sha384(issuer.authority().root()));
        assertThat(Pem.readCertificate(site.collaboratorCert("site1"))).isEqualTo(issued.certificate());
        assertThat(Files.readAllBytes(site.certChain())).isEqualTo(Files.readAllBytes(caSite.certChain()));
    }

    @Test
    void prepare_alreadySigned_needsForce_whichRevokesTheOldCertificate() throws Exception {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        Path pkg = requestPackage("site1");
        X509Certificate first = issuer.issue(issuer.prepareRequestPackage(pkg, false), 30).certificate();

        assertThatThrownBy(() -> issuer.prepareRequestPackage(pkg, false))
                .hasMessageContaining("collaborator 'site1' already has a certificate")
                .hasMessageContaining("--force");
        assertThat(issuer.authority().isRevoked(first)).isFalse();

        PendingRequest again = issuer.prepareRequestPackage(pkg, true);
        assertThat(again.replaces()).isEqualTo(first);
        X509Certificate second = issuer.issue(again, 30).certificate();
        assertThat(issuer.authority().isRevoked(first)).isTrue();
        assertThat(issuer.authority().isRevoked(second)).isFalse();
    }

    @Test
    void prepare_afterRevocation_signsWithoutForce() throws Exception {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        Path pkg = requestPackage("site1");
        issuer.issue(issuer.prepareRequestPackage(pkg, false), 30);
        issuer.revokeCollaborator("site1");

        assertThat(issuer.prepareRequestPackage(pkg, false).replaces()).isNull();
    }

    @Test
    void prepare_tamperedCsrInPackage_refusedAndNothingWritten() throws Exception {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, false);
        Path pkg = caSite.workspace().resolve("col_site1_to_agg_cert_request.tar.gz");
        try (Tars t = Tars.create(pkg)) {
            t.file("col_site1.csr", CsrFixtures.tamper(Files.readAllBytes(site.collaboratorCsr("site1"))));
        }

        assertThatThrownBy(() -> issuer.prepareRequestPackage(pkg, false)).hasMessageContaining("(tampered)");
        assertThat(caSite.collaboratorCert("site1")).doesNotExist();
        assertThat(caSite.signedPackage("site1")).doesNotExist();
    }

    @Test
    void prepare_csrCommonNameDiffersFromPackageName_refused() throws Exception {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        CertificateRequests.forCollaborator(site, "mallory", KeyType.EC_P384, false);
        Path pkg = caSite.workspace().resolve("req.tar.gz");
        try (Tars t = Tars.create(pkg)) {
            t.file("col_alice.csr", Files.readAllBytes(site.collaboratorCsr("mallory")));
        }

        assertThatThrownBy(() -> issuer.prepareRequestPackage(pkg, false))
                .hasMessageContaining("common name 'mallory' differs from the package name 'alice'");
    }

    @Test
    void aggregator_localRequest_signedAndRevoked() {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        CertificateIssuer issuer = CertificateIssuer.open(caSite);
        CertificateRequests.forAggregator(caSite, "agg.example.org", KeyType.EC_P384, false);

        X509Certificate cert = issuer.issue(issuer.prepareAggregator("agg.example.org", false), 30).certificate();
        assertThat(caSite.aggregatorCert("agg.example.org")).exists();
        issuer.revokeAggregator("agg.example.org");

        assertThat(issuer.authority().isRevoked(cert)).isTrue();
        assertThatThrownBy(() -> issuer.revokeAggregator("agg.example.org")).hasMessageContaining("already revoked");
    }

    @Test
    void prepareAggregator_withoutRequest_pointsToGenerateCertRequest() {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);

        assertThatThrownBy(() -> CertificateIssuer.open(caSite).prepareAggregator("agg", false))
                .hasMessageContaining("run 'fx aggregator generate-cert-request --fqdn agg' first");
    }

    @Test
    void revoke_unknownCollaborator_refused() {
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);

        assertThatThrownBy(() -> CertificateIssuer.open(caSite).revokeCollaborator("ghost"))
                .hasMessageContaining("no certificate for collaborator 'ghost'");
    }

    @Test
    void generateRequest_existingKey_needsForce() throws Exception {
        var first = CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, false);
        byte[] key = Files.readAllBytes(first.key());

        assertThatThrownBy(() -> CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, false))
                .hasMessageContaining("already exists").hasMessageContaining("--force");
        assertThat(Files.readAllBytes(first.key())).isEqualTo(key);
        CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, true);
        assertThat(Files.readAllBytes(first.key())).isNotEqualTo(key);
    }

    @Test
    void generateRequest_invalidName_refused() {
        assertThatThrownBy(() -> CertificateRequests.forCollaborator(site, "../evil", KeyType.EC_P384, false))
                .hasMessageContaining("invalid collaborator name '../evil'");
        assertThatThrownBy(() -> CertificateRequests.forAggregator(site, "bad host", KeyType.EC_P384, false))
                .hasMessageContaining("invalid aggregator host name 'bad host'");
    }
}
