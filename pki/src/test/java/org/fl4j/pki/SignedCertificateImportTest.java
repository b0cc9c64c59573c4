package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedCertificateImportTest {

    @TempDir
    Path dir;

    private PkiLayout caSite;
    private PkiLayout site;
    private CertificateIssuer issuer;

    @BeforeEach
    void sites() {
        caSite = PkiLayout.of(dir.resolve("ca"));
        site = PkiLayout.of(dir.resolve("site"));
        CertificateAuthority.create(caSite, KeyType.EC_P384, 100, 50);
        issuer = CertificateIssuer.open(caSite);
    }

    private Path signedFor(PkiLayout requester, String name) {
        CertificateRequests.forCollaborator(requester, name, KeyType.EC_P384, true);
        Path pkg = CertificateRequests.writeRequestPackage(requester, name);
        return issuer.issue(issuer.prepareRequestPackage(pkg, true), 30).signedPackage();
    }

    @Test
    void import_certificateForAnotherKey_refusedAndNothingWritten() throws Exception {
        Path signed = signedFor(site, "site1");
        CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, true); // the site made a new key since

        assertThatThrownBy(() -> SignedCertificateImport.run(site, signed))
                .hasMessageContaining("does not match the local private key");
        assertThat(site.collaboratorCert("site1")).doesNotExist();
        assertThat(site.certChain()).doesNotExist();
    }

    @Test
    void import_withoutLocalKey_refused() {
        Path signed = signedFor(PkiLayout.of(dir.resolve("elsewhere")), "site1");

        assertThatThrownBy(() -> SignedCertificateImport.run(site, signed))
                .hasMessageContaining("there is no private key for collaborator 'site1'");
    }

    @Test
    void import_fromAnotherCa_refusedWhenSiteTrustsOurRoot() throws Exception {
        Files.createDirectories(site.certDir());
        Files.copy(caSite.certChain(), site.certChain()); // as the exported workspace delivers it
        PkiLayout rogue = PkiLayout.of(dir.resolve("rogue"));
        CertificateAuthority.create(rogue, KeyType.EC_P384, 100, 50);
        CertificateIssuer rogueIssuer = CertificateIssuer.open(rogue);
        CertificateRequests.forCollaborator(site, "site1", KeyType.EC_P384, false);
        Path pkg = CertificateRequests.writeRequestPackage(site, "site1");
        Path signed = rogueIssuer.issue(rogueIssuer.prepareRequestPackage(pkg, false), 30).signedPackage();

        assertThatThrownBy(() -> SignedCertificateImport.run(site, signed))
                .hasMessageContaining("issued by another CA");
        assertThat(site.collaboratorCert("site1")).doesNotExist();
    }

    @Test
    void import_certificateNotChainingToPackagedRoot_refused() throws Exception {
        Path good = signedFor(site, "site1");
        PkiLayout rogue = PkiLayout.of(dir.resolve("rogue"));
        CertificateAuthority.create(rogue, KeyType.EC_P384, 100, 50);
        Path mixed = dir.resolve("agg_to_col_site1_signed_cert.tar.gz");
        try (Tars t = Tars.create(mixed)) {
            t.file("col_site1.crt", Packages.read(good).get("col_site1.crt"))
                    .file("cert_chain.crt", Files.readAllBytes(rogue.certChain()));
        }

        assertThatThrownBy(() -> SignedCertificateImport.run(site, mixed)).hasMessageContaining("another CA");
        assertThat(site.collaboratorCert("site1")).doesNotExist();
    }

    @Test
    void import_packageWithPrivateKey_refused() throws Exception {
        Path good = signedFor(site, "site1");
        Path evil = dir.resolve("evil.tar.gz");
        try (Tars t = Tars.create(evil)) {
            t.file("col_site1.crt", Packages.read(good).get("col_site1.crt"))
                    .file("cert_chain.crt", Packages.read(good).get("cert_chain.crt"))
                    .file("col_site1.key", Files.readAllBytes(site.collaboratorKey("site1")));
        }

        assertThatThrownBy(() -> SignedCertificateImport.run(site, evil))
                .hasMessageContaining("entry 'col_site1.key' holds a private key");
    }

    @Test
    void import_siteAlreadyTrustingSameRoot_keepsChain() throws Exception {
        Files.createDirectories(site.certDir());
        Files.copy(caSite.certChain(), site.certChain());

        var imported = SignedCertificateImport.run(site, signedFor(site, "site1"));

        assertThat(imported.newTrust()).isFalse();
        assertThat(site.collaboratorCert("site1")).exists();
    }
}
