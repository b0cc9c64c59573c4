package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.fl4j.pki.PkiLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fx collaborator certify --request-pkg} with crafted packages: exit 1, the entry named, nothing written. */
class BadRequestPackageTest {

    @TempDir
    Path dir;

    private final PromptingFx fx = new PromptingFx();
    private Path ca;
    private PkiLayout site;
    private byte[] csr;
    private byte[] key;

    @BeforeEach
    void sites() throws Exception {
        ca = Files.createDirectories(dir.resolve("ca"));
        site = PkiLayout.of(Files.createDirectories(dir.resolve("site")));
        assertThat(fx.run("-W", ca.toString(), "workspace", "certify")).isZero();
        assertThat(fx.run("-W", site.workspace().toString(), "collaborator", "generate-cert-request", "-n", "site1",
                "-x")).isZero();
        csr = Files.readAllBytes(site.collaboratorCsr("site1"));
        key = Files.readAllBytes(site.collaboratorKey("site1"));
    }

    private void refused(Path pkg, String message) {
        assertThat(fx.runWithInput("y\n", "-W", ca.toString(), "collaborator", "certify", "--request-pkg",
                pkg.toString())).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).startsWith("Error: ").contains(message);
        assertThat(fx.err()).doesNotContain("Exception", "PRIVATE KEY");
        assertThat(PkiLayout.of(ca).signedPackage("site1")).doesNotExist();
        assertThat(PkiLayout.of(ca).collaboratorCert("site1")).doesNotExist();
        assertThat(ca.resolve("plan/cols.yaml")).doesNotExist();
    }

    private Path pkg() {
        return dir.resolve("col_site1_to_agg_cert_request.tar.gz");
    }

    @Test
    void certify_packageWithPrivateKey_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("col_site1.csr", csr).file("col_site1.key", key);
        }
        refused(pkg(), "entry 'col_site1.key' holds a private key");
    }

    @Test
    void certify_packageWithTwoCsrs_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("col_site1.csr", csr).file("col_site1b.csr", csr);
        }
        refused(pkg(), "more than one CSR");
    }

    @Test
    void certify_packageWithSymlink_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.symlink("col_site1.csr", "../../cert/ca/signing-ca.key");
        }
        refused(pkg(), "entry 'col_site1.csr' is a symbolic link");
    }

    @Test
    void certify_packageWithAbsolutePath_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("/etc/col_site1.csr", csr);
        }
        refused(pkg(), "entry '/etc/col_site1.csr' is an absolute path");
    }

    @Test
    void certify_packageWithDotDot_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("../../col_site1.csr", csr);
        }
        refused(pkg(), "entry '../../col_site1.csr' has a '..' component");
    }

    @Test
    void certify_tamperedCsr_refused() throws Exception {
        // change one letter of the CN inside the signed body: the structure stays valid, the signature does not
        String text = new String(csr, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        String latin = new String(der, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("site1");
        assertThat(at).isPositive();
        der[at + 4] = '2';
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("col_site1.csr", pem.getBytes(StandardCharsets.US_ASCII));
        }
        refused(pkg(), "the CSR's signature does not verify: it was altered after it was made (tampered)");
    }

    @Test
    void certify_corruptCsr_refused() throws Exception {
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("col_site1.csr", ("-----BEGIN CERTIFICATE REQUEST-----\nMIIBxzCCAU0CAQAw\n"
                    + "-----END CERTIFICATE REQUEST-----\n").getBytes(StandardCharsets.US_ASCII));
        }
        refused(pkg(), "is not a readable PEM certificate signing request");
    }

    @Test
    void certify_withoutCa_refused() throws Exception {
        Path noCa = Files.createDirectories(dir.resolve("no-ca"));
        try (CraftedTar t = new CraftedTar(pkg())) {
            t.file("col_site1.csr", csr);
        }

        assertThat(fx.run("-W", noCa.toString(), "collaborator", "certify", "--request-pkg", pkg().toString(), "-s"))
                .isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("no certificate authority", "run 'fx workspace certify' first");
        assertThat(noCa.resolve("plan")).doesNotExist();
        assertThat(PkiLayout.of(noCa).signedPackage("site1")).doesNotExist();
    }
}
