package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our files against the openssl command line tool; skipped when openssl is not on the PATH. */
class OpensslInteropTest {

    @TempDir
    Path dir;

    private record Result(int code, String output) {
    }

    @BeforeAll
    static void opensslPresent() {
        boolean present;
        try {
            present = run(Path.of("."), "openssl", "version").code == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "openssl is not on the PATH: interop tests skipped");
    }

    private static Result run(Path cwd, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Result openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return run(dir, cmd.toArray(String[]::new));
    }

    @Test
    void verify_ourChainsAndPurposes_ok() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("p"), "col1");
        PkiLayout l = pki.layout();

        Result server = openssl("verify", "-CAfile", l.rootCaCert().toString(), "-untrusted",
                l.signingCaCert().toString(), "-purpose", "sslserver", l.aggregatorCert("localhost").toString());
        Result client = openssl("verify", "-CAfile", l.certChain().toString(), "-purpose", "sslclient",
                l.collaboratorCert("col1").toString());
        Result wrongPurpose = openssl("verify", "-CAfile", l.certChain().toString(), "-purpose", "sslserver",
                l.collaboratorCert("col1").toString());
        Result key = openssl("pkey", "-in", l.collaboratorKey("col1").toString(), "-noout", "-check");

        assertThat(server.code()).as(server.output()).isZero();
        assertThat(server.output()).contains(": OK");
        assertThat(client.code()).as(client.output()).isZero();
        assertThat(wrongPurpose.code()).as("a client certificate is no server certificate").isNotZero();
        assertThat(key.code()).as(key.output()).isZero();
    }

    @Test
    void verify_withCrl_reportsRevoked() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("p"), "col1", "col2");
        pki.revoke("col1");
        PkiLayout l = pki.layout();

        Result crl = openssl("crl", "-in", l.crl().toString(), "-CAfile", l.certChain().toString(), "-noout");
        Result revoked = openssl("verify", "-crl_check", "-CRLfile", l.crl().toString(), "-CAfile",
                l.certChain().toString(), l.collaboratorCert("col1").toString());
        Result fine = openssl("verify", "-crl_check", "-CRLfile", l.crl().toString(), "-CAfile",
                l.certChain().toString(), l.collaboratorCert("col2").toString());

        assertThat(crl.code()).as(crl.output()).isZero();
        assertThat(crl.output()).contains("verify OK");
        assertThat(revoked.code()).isNotZero();
        assertThat(revoked.output()).contains("certificate revoked");
        assertThat(fine.code()).as(fine.output()).isZero();
    }

    @Test
    void certify_csrMadeByOpensslReq_inTarPackage_isSignedAndImported() throws Exception {
        PkiLayout ca = PkiLayout.of(dir.resolve("ca"));
        CertificateAuthority.create(ca, KeyType.EC_P384, 100, 50);
        PkiLayout site = PkiLayout.of(dir.resolve("site"));
        Files.createDirectories(site.clientDir());
        Result req = openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes",
                "-sha384", "-subj", "/CN=site9", "-keyout", site.collaboratorKey("site9").toString(), "-out",
                site.collaboratorCsr("site9").toString());
        assertThat(req.code()).as(req.output()).isZero();
        Path pkg = ca.workspace().resolve("col_site9_to_agg_cert_request.tar.gz");
        Result tar = run(site.clientDir(), "tar", "czf", pkg.toString(), "col_site9.csr");
        assumeTrue(tar.code() == 0, "tar is not available: " + tar.output());

        CertificateIssuer issuer = CertificateIssuer.open(ca);
        var issued = issuer.issue(issuer.prepareRequestPackage(pkg, false), 30);
        var imported = SignedCertificateImport.run(site, issued.signedPackage());

        assertThat(Certificates.commonName(imported.certificate())).isEqualTo("site9");
        Result verify = openssl("verify", "-CAfile", site.certChain().toString(), "-purpose", "sslclient",
                site.collaboratorCert("site9").toString());
        assertThat(verify.code()).as(verify.output()).isZero();
    }

    @Test
    void certify_rsaCsrFromOpenssl_isSigned() throws Exception {
        PkiLayout ca = PkiLayout.of(dir.resolve("ca"));
        CertificateAuthority.create(ca, KeyType.EC_P384, 100, 50);
        Files.createDirectories(ca.serverDir());
        Result req = openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=agg.example.org",
                "-addext", "subjectAltName=DNS:agg.example.org,IP:10.1.2.3",
                "-keyout", ca.aggregatorKey("agg.example.org").toString(),
                "-out", ca.aggregatorCsr("agg.example.org").toString());
        assertThat(req.code()).as(req.output()).isZero();

        CertificateIssuer issuer = CertificateIssuer.open(ca);
        var issued = issuer.issue(issuer.prepareAggregator("agg.example.org", false), 30);

        assertThat(Certificates.subjectAltNames(issued.certificate())).containsExactly("DNS:agg.example.org", "IP:10.1.2.3");
        Result verify = openssl("verify", "-CAfile", ca.certChain().toString(), "-purpose", "sslserver",
                "-verify_hostname", "agg.example.org", ca.aggregatorCert("agg.example.org").toString());
        assertThat(verify.code()).as(verify.output()).isZero();
    }
}
