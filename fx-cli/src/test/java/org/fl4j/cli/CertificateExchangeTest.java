package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.MtlsProbe;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REFERENCE.md §1 steps 3-8 between three workspace folders (the aggregator's, which holds the CA, and two
 * collaborator sites) that exchange nothing but the request and signed packages; then the certificates are
 * used for real mTLS on loopback, and a revoked site is refused.
 */
class CertificateExchangeTest {

    @TempDir
    Path dir;

    private final PromptingFx fx = new PromptingFx();

    private String ok(Path workspace, String input, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-W";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = fx.runWithInput(input, all);
        assertThat(code).as(String.join(" ", args) + "\n" + fx.out() + fx.err()).isEqualTo(Fx.OK);
        return fx.out();
    }

    /** Carries a file from one site to another: the only thing that crosses between workspaces. */
    private Path send(Path file, Path toWorkspace) throws Exception {
        return Files.copy(file, toWorkspace.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static String hash(String output) {
        return output.lines().filter(l -> l.startsWith("CSR SHA-384: ")).findFirst().orElseThrow();
    }

    @Test
    void exchange_onlyPackages_yieldsWorkingMtlsAndRevocation() throws Exception {
        Path agg = Files.createDirectories(dir.resolve("aggregator"));
        Path site1 = Files.createDirectories(dir.resolve("site1"));
        Path site2 = Files.createDirectories(dir.resolve("site2"));

        // 3. the CA
        ok(agg, "", "workspace", "certify");
        // 4. the aggregator's certificate, confirmed interactively
        String aggHash = hash(ok(agg, "", "aggregator", "generate-cert-request", "--fqdn", "localhost"));
        assertThat(ok(agg, "yes\n", "aggregator", "certify", "--fqdn", "localhost")).contains(aggHash);

        for (Path site : new Path[] {site1, site2}) {
            String name = site.getFileName().toString();
            // 6. the site's key, CSR and request package
            String siteHash = hash(ok(site, "", "collaborator", "generate-cert-request", "-n", name));
            Path request = send(PkiLayout.of(site).requestPackage(name), agg);
            // 7. the CA holder compares the hash and signs
            String signing = ok(agg, "y\n", "collaborator", "certify", "--request-pkg", request.toString());
            assertThat(signing).contains(siteHash, "Registered '" + name + "' in plan/cols.yaml.");
            Path signed = send(PkiLayout.of(agg).signedPackage(name), site);
            // 8. the site installs certificate and chain
            assertThat(ok(site, "", "collaborator", "certify", "--import", signed.toString()))
                    .contains("Installed the certificate of collaborator '" + name + "'");
        }

        assertThat(Files.readAllLines(agg.resolve("plan/cols.yaml"))).contains("  - site1", "  - site2");
        assertThat(Files.readAllBytes(PkiLayout.of(site1).certChain()))
                .isEqualTo(Files.readAllBytes(PkiLayout.of(agg).certChain()));
        assertThat(PkiLayout.of(site1).caDir()).doesNotExist();
        assertThat(PkiLayout.of(site1).collaboratorKey("site2")).doesNotExist();

        TlsFiles server = TlsFiles.aggregator(PkiLayout.of(agg), "localhost");
        assertThat(MtlsProbe.call(TlsContexts.server(server),
                TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(site1), "site1")), "localhost")).isEqualTo("site1");
        assertThat(MtlsProbe.call(TlsContexts.server(server),
                TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(site2), "site2")), "localhost")).isEqualTo("site2");

        ok(agg, "", "collaborator", "revoke", "-n", "site2");

        assertThatThrownBy(() -> MtlsProbe.call(TlsContexts.server(server),
                TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(site2), "site2")), "localhost"))
                .isInstanceOf(StatusRuntimeException.class);
        assertThat(MtlsProbe.call(TlsContexts.server(server),
                TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(site1), "site1")), "localhost")).isEqualTo("site1");
    }

    @Test
    void import_packageFromAnotherFederation_refusedAtSiteTrustingOurRoot() throws Exception {
        Path agg = Files.createDirectories(dir.resolve("aggregator"));
        Path rogue = Files.createDirectories(dir.resolve("rogue"));
        Path site = Files.createDirectories(dir.resolve("site1"));
        ok(agg, "", "workspace", "certify");
        ok(rogue, "", "workspace", "certify");
        Files.createDirectories(site.resolve("cert"));
        send(PkiLayout.of(agg).certChain(), site.resolve("cert")); // as the exported workspace carries it
        ok(site, "", "collaborator", "generate-cert-request", "-n", "site1");
        Path request = send(PkiLayout.of(site).requestPackage("site1"), rogue);
        ok(rogue, "", "collaborator", "certify", "--request-pkg", request.toString(), "-s", "--no-register");
        Path signed = send(PkiLayout.of(rogue).signedPackage("site1"), site);

        String[] args = {"-W", site.toString(), "collaborator", "certify", "--import", signed.toString()};
        assertThat(fx.run(args)).isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).contains("it was issued by another CA");
        assertThat(PkiLayout.of(site).collaboratorCert("site1")).doesNotExist();
    }

    @Test
    void certify_tamperedRequestPackage_refusedAndNothingWritten() throws Exception {
        Path agg = Files.createDirectories(dir.resolve("aggregator"));
        Path site = Files.createDirectories(dir.resolve("site1"));
        ok(agg, "", "workspace", "certify");
        ok(site, "", "collaborator", "generate-cert-request", "-n", "site1", "-x");
        // a man in the middle swaps in his own CSR under the victim's name: its CN gives it away
        ok(site, "", "collaborator", "generate-cert-request", "-n", "mallory");
        Path mallory = PkiLayout.of(site).requestPackage("mallory");
        Path forged = agg.resolve("col_site1_to_agg_cert_request.tar.gz");
        TarRewriter.renameEntry(mallory, forged, "col_mallory.csr", "col_site1.csr");

        String[] args = {"-W", agg.toString(), "collaborator", "certify", "--request-pkg", forged.toString(), "-s"};
        assertThat(fx.run(args)).isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).contains("the CSR's common name 'mallory' differs from the package name 'site1'");
        assertThat(PkiLayout.of(agg).signedPackage("site1")).doesNotExist();
        assertThat(agg.resolve("plan/cols.yaml")).doesNotExist();
    }
}
