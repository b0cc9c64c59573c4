package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationCheckTest {

    @TempDir
    Path dir;

    @Test
    void isRevoked_noCrlFile_nothingRevoked() {
        TestPki pki = TestPki.create(dir, "a");

        RevocationCheck check = RevocationCheck.forWorkspace(pki.layout());

        assertThat(check.isRevoked(pki.clientCertificate("a"))).isFalse();
        assertThat(check.problem()).isNull();
    }

    @Test
    void isRevoked_crlWrittenLater_isPickedUpWithoutNewCheck() {
        TestPki pki = TestPki.create(dir, "a", "b");
        RevocationCheck check = RevocationCheck.forWorkspace(pki.layout());
        assertThat(check.isRevoked(pki.clientCertificate("a"))).isFalse();

        pki.revoke("a");
        assertThat(check.isRevoked(pki.clientCertificate("a"))).isTrue();
        assertThat(check.isRevoked(pki.clientCertificate("b"))).isFalse();

        pki.revoke("b");
        assertThat(check.isRevoked(pki.clientCertificate("b"))).isTrue();
    }

    @Test
    void isRevoked_crlFromAnotherCa_failsClosed() throws Exception {
        TestPki pki = TestPki.create(dir, "a");
        TestPki other = TestPki.create(dir.resolve("other"), "x");
        other.revoke("x");
        Files.copy(other.layout().crl(), pki.layout().crl());

        RevocationCheck check = RevocationCheck.forWorkspace(pki.layout());

        assertThat(check.isRevoked(pki.clientCertificate("a"))).isTrue();
        assertThat(check.problem()).contains("not a trusted CA");
    }

    @Test
    void isRevoked_corruptCrl_failsClosed() throws Exception {
        TestPki pki = TestPki.create(dir, "a");
        Files.writeString(pki.layout().crl(), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");

        RevocationCheck check = RevocationCheck.forWorkspace(pki.layout());

        assertThat(check.isRevoked(pki.clientCertificate("a"))).isTrue();
        assertThat(check.problem()).contains("signing-ca.crl");
    }

    @Test
    void none_revokesNothing() {
        TestPki pki = TestPki.create(dir, "a");
        pki.revoke("a");

        assertThat(RevocationCheck.none().isRevoked(pki.clientCertificate("a"))).isFalse();
        assertThat(RevocationCheck.fromFile(pki.layout().crl(), List.of(pki.ca().signing()))
                .isRevoked(pki.clientCertificate("a"))).isTrue();
    }
}
