package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiStatusTest {

    @TempDir
    Path dir;

    private static PkiStatus.Entry entry(List<PkiStatus.Entry> entries, String file) {
        return entries.stream().filter(e -> e.file().toString().equals(file)).findFirst().orElseThrow();
    }

    @Test
    void scan_listsEveryCertificateWithSansAndWarnings() {
        TestPki pki = TestPki.create(dir, "a", "b");
        pki.revoke("b");

        // TestPki: root 30 days, signing CA 20, leaves 10: all within the 30-day warning window
        List<PkiStatus.Entry> entries = PkiStatus.scan(pki.layout(), Instant.now());

        assertThat(entries).extracting(e -> e.file().toString()).containsExactly("cert/ca/root-ca.crt",
                "cert/ca/signing-ca.crt", "cert/server/agg_localhost.crt", "cert/client/col_a.crt",
                "cert/client/col_b.crt");
        PkiStatus.Entry agg = entry(entries, "cert/server/agg_localhost.crt");
        assertThat(agg.subject()).isEqualTo("CN=localhost");
        assertThat(agg.sans()).containsExactly("DNS:localhost", "IP:127.0.0.1");
        assertThat(agg.issuer()).startsWith("CN=fl4j Signing CA");
        assertThat(agg.warnings()).singleElement().asString().startsWith("expires in 9 days");
        assertThat(entry(entries, "cert/client/col_b.crt").warnings()).contains("revoked");
        assertThat(entry(entries, "cert/client/col_a.crt").warnings()).doesNotContain("revoked");
        assertThat(entry(entries, "cert/ca/root-ca.crt").warnings()).containsExactly("expires in 29 days");
    }

    @Test
    void scan_afterExpiry_saysExpired() {
        TestPki pki = TestPki.create(dir, "a");

        List<PkiStatus.Entry> entries = PkiStatus.scan(pki.layout(), Instant.now().plus(Duration.ofDays(11)));

        assertThat(entry(entries, "cert/client/col_a.crt").warnings()).containsExactly("expired");
    }

    @Test
    void scan_siteWithoutCa_listsChainCertificates() {
        PkiLayout site = PkiLayout.of(dir.resolve("empty"));

        assertThat(PkiStatus.scan(site, Instant.now())).isEmpty();
    }
}
