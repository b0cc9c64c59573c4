package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.Pem;
import org.fl4j.pki.PkiLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each certificate verb through {@link Fx#run}, on a workspace in a temporary folder. */
class PkiCommandsTest {

    @TempDir
    Path ws;

    private final PromptingFx fx = new PromptingFx();
    private PkiLayout layout;

    @BeforeEach
    void layout() {
        layout = PkiLayout.of(ws);
    }

    private int fx(String... args) {
        return fx.run(withWorkspace(args));
    }

    private int fxAnswering(String input, String... args) {
        return fx.runWithInput(input, withWorkspace(args));
    }

    private String[] withWorkspace(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private void noPrivateKeyPrinted() {
        assertThat(fx.out() + fx.err()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void workspaceCertify_createsCaAndPrintsRootFingerprint() {
        assertThat(fx("workspace", "certify")).isEqualTo(Fx.OK);

        assertThat(layout.rootCaCert()).exists();
        assertThat(layout.certChain()).exists();
        assertThat(fx.out()).contains("ec-p384", "cert/ca/root-ca.crt", "cert/cert_chain.crt",
                "Root CA SHA-384: " + Certificates.sha384(Pem.readCertificate(layout.rootCaCert())));
        noPrivateKeyPrinted();
    }

    @Test
    void workspaceCertify_rsaWithValidity_applied() {
        assertThat(fx("workspace", "certify", "--key-type", "rsa-3072", "--root-validity-days", "400",
                "--signing-validity-days", "200")).isEqualTo(Fx.OK);

        var root = Pem.readCertificate(layout.rootCaCert());
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(root.getNotAfter().getTime() - root.getNotBefore().getTime())
                .isBetween(400L * 86_400_000L, 400L * 86_400_000L + 600_000L);
    }

    @Test
    void workspaceCertify_twice_refused() {
        fx("workspace", "certify");

        assertThat(fx("workspace", "certify")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).startsWith("Error: a certificate authority already exists");
    }

    @Test
    void workspaceCertify_unknownKeyType_isUsageError() {
        assertThat(fx("workspace", "certify", "--key-type", "dsa")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("unknown key type 'dsa'");
        assertThat(layout.caDir()).doesNotExist();
    }

    @Test
    void aggregatorGenerateCertRequest_ipLiteral_writesKeyAndCsrAndPrintsHash() throws Exception {
        assertThat(fx("aggregator", "generate-cert-request", "--fqdn", "10.0.0.5")).isEqualTo(Fx.OK);

        String hash = CertificateAuthority.csrSha384(Files.readAllBytes(layout.aggregatorCsr("10.0.0.5")), "csr");
        assertThat(fx.out()).contains("cert/server/agg_10.0.0.5.key (mode 0600)", "CSR SHA-384: " + hash);
        noPrivateKeyPrinted();
    }

    @Test
    void aggregatorCertify_withoutCa_refusedAndNothingWritten() {
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local");

        assertThat(fxAnswering("y\n", "aggregator", "certify", "--fqdn", "agg.local")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("no certificate authority", "run 'fx workspace certify' first");
        assertThat(layout.aggregatorCert("agg.local")).doesNotExist();
    }

    @Test
    void aggregatorCertify_confirmed_signsAndShowsHash() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local", "--san", "127.0.0.1");
        String hash = fx.out().lines().filter(l -> l.startsWith("CSR SHA-384: ")).findFirst().orElseThrow();

        assertThat(fxAnswering("y\n", "aggregator", "certify", "--fqdn", "agg.local")).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains(hash, "[y/N]", "Signed: cert/server/agg_local.crt".replace("agg_local", "agg_agg.local"));
        var cert = Pem.readCertificate(layout.aggregatorCert("agg.local"));
        assertThat(Certificates.subjectAltNames(cert)).containsExactly("DNS:agg.local", "IP:127.0.0.1");
    }

    @Test
    void aggregatorCertify_answerNo_refusedAndNothingWritten() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local");

        assertThat(fxAnswering("n\n", "aggregator", "certify", "--fqdn", "agg.local")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("the request of 'agg.local' was not signed: not confirmed");
        assertThat(layout.aggregatorCert("agg.local")).doesNotExist();
    }

    @Test
    void aggregatorCertify_noInput_refusedAndPointsToSilent() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local");

        assertThat(fx("aggregator", "certify", "--fqdn", "agg.local")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("no answer on standard input; pass --silent");
        assertThat(layout.aggregatorCert("agg.local")).doesNotExist();
    }

    @Test
    void aggregatorCertify_again_needsForce_whichRevokesOld() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local");
        fx("aggregator", "certify", "--fqdn", "agg.local", "-s");
        var first = Pem.readCertificate(layout.aggregatorCert("agg.local"));

        assertThat(fx("aggregator", "certify", "--fqdn", "agg.local", "-s")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("aggregator 'agg.local' already has a certificate", "--force");
        assertThat(fx("aggregator", "certify", "--fqdn", "agg.local", "-s", "--force")).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("Revoked the previous certificate (serial " + first.getSerialNumber().toString(16));
        assertThat(CertificateAuthority.load(layout).isRevoked(first)).isTrue();
    }

    @Test
    void aggregatorRevoke_addsToCrl() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "agg.local");
        fx("aggregator", "certify", "--fqdn", "agg.local", "--silent");

        assertThat(fx("aggregator", "revoke", "--fqdn", "agg.local")).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("Revoked the certificate of aggregator 'agg.local'", "cert/ca/signing-ca.crl");
        assertThat(CertificateAuthority.load(layout).isRevoked(Pem.readCertificate(layout.aggregatorCert("agg.local"))))
                .isTrue();
    }

    @Test
    void collaboratorGenerateCertRequest_writesPackageWithCsrOnly() {
        assertThat(fx("collaborator", "generate-cert-request", "-n", "site1")).isEqualTo(Fx.OK);

        assertThat(layout.requestPackage("site1")).exists();
        assertThat(fx.out()).contains("col_site1_to_agg_cert_request.tar.gz", "CSR SHA-384: ");
        noPrivateKeyPrinted();
    }

    @Test
    void collaboratorGenerateCertRequest_skipPackage() {
        assertThat(fx("collaborator", "generate-cert-request", "-n", "site1", "-x")).isEqualTo(Fx.OK);

        assertThat(layout.collaboratorCsr("site1")).exists();
        assertThat(layout.requestPackage("site1")).doesNotExist();
        assertThat(fx.out()).contains("fx collaborator certify -n site1");
    }

    @Test
    void collaboratorGenerateCertRequest_invalidName_refused() {
        assertThat(fx("collaborator", "generate-cert-request", "-n", "../evil")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("invalid collaborator name '../evil'");
        assertThat(ws.resolve("cert")).doesNotExist();
    }

    @Test
    void collaboratorCertify_localShortcut_signsAndRegisters() throws Exception {
        fx("workspace", "certify");
        fx("collaborator", "generate-cert-request", "-n", "site1", "-x");

        assertThat(fx("collaborator", "certify", "-n", "site1", "-s")).isEqualTo(Fx.OK);

        assertThat(layout.collaboratorCert("site1")).exists();
        assertThat(fx.out()).contains("Registered 'site1' in plan/cols.yaml.");
        assertThat(Files.readString(ws.resolve("plan/cols.yaml"))).contains("- site1");
    }

    @Test
    void collaboratorCertify_noRegister_leavesColsAlone() {
        fx("workspace", "certify");
        fx("collaborator", "generate-cert-request", "-n", "site1");

        assertThat(fx("collaborator", "certify", "--request-pkg", layout.requestPackage("site1").toString(), "-s",
                "--no-register")).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("Not registered in plan/cols.yaml (--no-register).",
                "Signed package: agg_to_col_site1_signed_cert.tar.gz");
        assertThat(ws.resolve("plan/cols.yaml")).doesNotExist();
    }

    @Test
    void collaboratorCertify_twoModes_isUsageError() {
        assertThat(fx("collaborator", "certify", "-n", "a", "--import", "x.tar.gz")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("mutually exclusive");
    }

    @Test
    void collaboratorCertify_noMode_isUsageError() {
        assertThat(fx("collaborator", "certify", "-s")).isEqualTo(Fx.USAGE);
    }

    @Test
    void collaboratorCertify_missingPackage_refused() {
        fx("workspace", "certify");

        assertThat(fx("collaborator", "certify", "--request-pkg", ws.resolve("nope.tar.gz").toString(), "-s"))
                .isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("missing package").contains("nope.tar.gz");
    }

    @Test
    void collaboratorRevoke_thenStatusShowsRevoked() {
        fx("workspace", "certify");
        fx("collaborator", "generate-cert-request", "-n", "site1", "-x");
        fx("collaborator", "certify", "-n", "site1", "-s");

        assertThat(fx("collaborator", "revoke", "-n", "site1")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("Revoked the certificate of collaborator 'site1'");
        assertThat(fx("collaborator", "revoke", "-n", "site1")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("already revoked");

        assertThat(fx("pki", "status")).isEqualTo(Fx.OK);
        String row = fx.out().lines().filter(l -> l.startsWith("cert/client/col_site1.crt")).findFirst().orElseThrow();
        assertThat(row).contains("CN=site1", "CN=fl4j Signing CA").endsWith("revoked");
    }

    @Test
    void pkiStatus_tableWithSansAndExpiryWarning() {
        fx("workspace", "certify");
        fx("aggregator", "generate-cert-request", "--fqdn", "localhost", "--san", "127.0.0.1");
        fx("aggregator", "certify", "--fqdn", "localhost", "-s", "--validity-days", "20");

        assertThat(fx("pki", "status")).isEqualTo(Fx.OK);

        List<String> lines = fx.out().lines().toList();
        assertThat(lines.get(0)).startsWith("FILE").contains("SUBJECT", "SANS", "ISSUER", "EXPIRES", "WARNINGS");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("cert/server/agg_localhost.crt")
                .contains("DNS:localhost,IP:127.0.0.1").contains("expires in 19 days"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("cert/ca/root-ca.crt").endsWith("ok"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("3 certificates, 1 with warnings");
    }

    @Test
    void pkiStatus_emptyWorkspace_saysWhatToDo() {
        assertThat(fx("pki", "status")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("No certificates", "fx workspace certify");
    }
}
