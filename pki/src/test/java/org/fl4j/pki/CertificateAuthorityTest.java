package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    @TempDir
    Path ws;

    private PkiLayout layout() {
        return PkiLayout.of(ws);
    }

    @Test
    void create_writesRootAndSigningCaWithCaConstraints() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);

        X509Certificate root = Pem.readCertificate(layout().rootCaCert());
        X509Certificate signing = Pem.readCertificate(layout().signingCaCert());
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(signing.getBasicConstraints()).isEqualTo(0);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(signing.getKeyUsage()[5]).isTrue();
        assertThat(signing.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(root.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        signing.verify(root.getPublicKey());
        assertThat(signing.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(signing.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(Pem.readCertificates(layout().certChain())).containsExactly(signing, root);
        assertThat(ca.chain()).containsExactly(signing, root);
    }

    @Test
    void create_writesPkcs8KeysWithMode0600() throws Exception {
        CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);

        for (Path key : List.of(layout().rootCaKey(), layout().signingCaKey())) {
            assertThat(Files.readString(key, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout().rootCaCert())))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void create_rsa3072_usesRsaWithSha384() {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.RSA_3072, 100, 50);

        assertThat(((RSAPublicKey) ca.root().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(ca.signing().getSigAlgName()).isEqualTo("SHA384withRSA");
    }

    @Test
    void create_whenCaExists_refusesAndKeepsIt() throws Exception {
        CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        byte[] before = Files.readAllBytes(layout().rootCaKey());

        assertThatThrownBy(() -> CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50))
                .isInstanceOf(PkiException.class).hasMessageContaining("already exists");
        assertThat(Files.readAllBytes(layout().rootCaKey())).isEqualTo(before);
    }

    @Test
    void create_signingOutlivesRoot_refused() {
        assertThatThrownBy(() -> CertificateAuthority.create(layout(), KeyType.EC_P384, 10, 20))
                .hasMessageContaining("cannot outlive the root CA");
        assertThat(ws.resolve("cert")).doesNotExist();
    }

    @Test
    void load_withoutCa_pointsToWorkspaceCertify() {
        assertThatThrownBy(() -> CertificateAuthority.load(layout()))
                .isInstanceOf(PkiException.class).hasMessageContaining("fx workspace certify");
    }

    @Test
    void sign_server_hasServerAuthSansCaFalseAndRandomSerial() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forAggregator(layout(), "agg.example.org", List.of("10.0.0.7"), KeyType.EC_P384, false);
        byte[] csr = Files.readAllBytes(req.csr());

        X509Certificate a = ca.sign(csr, "csr", CertificateUsage.SERVER, "agg.example.org", "the name", 30);
        X509Certificate b = ca.sign(csr, "csr", CertificateUsage.SERVER, "agg.example.org", "the name", 30);

        assertThat(Certificates.commonName(a)).isEqualTo("agg.example.org");
        assertThat(Certificates.subjectAltNames(a)).containsExactly("DNS:agg.example.org", "IP:10.0.0.7");
        assertThat(a.getBasicConstraints()).isEqualTo(-1);
        assertThat(a.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(a.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(a.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(a.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(a.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
        assertThat(a.getSerialNumber().bitLength()).isGreaterThan(150);
        a.verify(ca.signing().getPublicKey());
    }

    @Test
    void sign_ipLiteralAggregator_getsIpSan() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forAggregator(layout(), "192.168.1.20", KeyType.EC_P384, false);

        X509Certificate cert = ca.sign(Files.readAllBytes(req.csr()), "csr", CertificateUsage.SERVER, "192.168.1.20",
                "the name", 30);

        assertThat(Certificates.subjectAltNames(cert)).containsExactly("IP:192.168.1.20");
    }

    @Test
    void sign_client_hasClientAuthOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forCollaborator(layout(), "site_1", KeyType.RSA_3072, false);

        X509Certificate cert = ca.sign(Files.readAllBytes(req.csr()), "csr", CertificateUsage.CLIENT, "site_1",
                "the name", 30);

        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment for RSA").isTrue();
        assertThat(Certificates.commonName(cert)).isEqualTo("site_1");
    }

    @Test
    void sign_validityBeyondSigningCa_refusedWithMaximum() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forCollaborator(layout(), "c1", KeyType.EC_P384, false);

        assertThatThrownBy(() -> ca.sign(Files.readAllBytes(req.csr()), "csr", CertificateUsage.CLIENT, "c1", "n", 60))
                .hasMessageContaining("would outlive the signing CA").hasMessageContaining("at most 49 days");
    }

    @Test
    void sign_tamperedCsr_refused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forCollaborator(layout(), "c1", KeyType.EC_P384, false);
        byte[] tampered = CsrFixtures.tamper(Files.readAllBytes(req.csr()));

        assertThatThrownBy(() -> ca.sign(tampered, "csr", CertificateUsage.CLIENT, "c1", "the package name", 30))
                .isInstanceOf(PkiException.class).hasMessageContaining("signature does not verify");
    }

    @Test
    void sign_commonNameDiffers_refused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(layout(), KeyType.EC_P384, 100, 50);
        var req = CertificateRequests.forCollaborator(layout(), "mallory", KeyType.EC_P384, false);

        assertThatThrownBy(() -> ca.sign(Files.readAllBytes(req.csr()), "csr", CertificateUsage.CLIENT, "alice",
                "the package name", 30))
                .hasMessage("the CSR's common name 'mallory' differs from the package name 'alice'; refusing to sign it");
    }

    @Test
    void revoke_writesCrlSignedBySigningCaWithGrowingNumber() throws Exception {
        TestPki pki = TestPki.create(ws.resolve("p"), "a", "b");

        pki.revoke("a");
        var first = Pem.readCrl(pki.layout().crl());
        pki.revoke("b");
        var second = Pem.readCrl(pki.layout().crl());

        second.verify(pki.ca().signing().getPublicKey());
        assertThat(second.getRevokedCertificates()).hasSize(2);
        assertThat(second.isRevoked(pki.clientCertificate("a"))).isTrue();
        assertThat(first.getThisUpdate()).isBeforeOrEqualTo(second.getThisUpdate());
        assertThat(pki.ca().isRevoked(pki.clientCertificate("b"))).isTrue();
    }

    @Test
    void revoke_certificateOfAnotherCa_refused() {
        TestPki pki = TestPki.create(ws.resolve("p"), "a");
        X509Certificate foreign = Pem.readCertificate(pki.foreignClient("a").certificate());

        assertThatThrownBy(() -> pki.ca().revoke(foreign)).hasMessageContaining("was not issued by this workspace");
        assertThat(pki.layout().crl()).doesNotExist();
    }
}
