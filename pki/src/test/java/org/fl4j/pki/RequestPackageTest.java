package org.fl4j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestPackageTest {

    @TempDir
    Path ws;

    private PkiLayout layout;
    private byte[] csr;

    @BeforeEach
    void request() throws Exception {
        layout = PkiLayout.of(ws);
        csr = Files.readAllBytes(CertificateRequests.forCollaborator(layout, "site1", KeyType.EC_P384, false).csr());
    }

    private Path pkg(String name) {
        return ws.resolve(name);
    }

    @Test
    void write_holdsOnlyTheCsr_andReadsBack() {
        Path pkg = CertificateRequests.writeRequestPackage(layout, "site1");

        assertThat(pkg.getFileName().toString()).isEqualTo("col_site1_to_agg_cert_request.tar.gz");
        assertThat(Packages.read(pkg)).containsOnlyKeys("col_site1.csr");
        RequestPackage read = RequestPackage.read(pkg);
        assertThat(read.name()).isEqualTo("site1");
        assertThat(read.csrPem()).isEqualTo(csr);
    }

    @Test
    void read_privateKeyEntry_refused() throws Exception {
        Path p = pkg("col_site1_to_agg_cert_request.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr).file("col_site1.key", Files.readAllBytes(layout.collaboratorKey("site1")));
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("entry 'col_site1.key' holds a private key");
    }

    @Test
    void read_privateKeyUnderInnocentName_refused() throws Exception {
        Path p = pkg("x.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr).file("notes.txt", Files.readAllBytes(layout.collaboratorKey("site1")));
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("entry 'notes.txt' holds a private key");
    }

    @Test
    void read_twoCsrs_refused() throws Exception {
        Path p = pkg("two.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr).file("col_site2.csr", csr);
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("more than one CSR [col_site1.csr, col_site2.csr]");
    }

    @Test
    void read_symlink_refused() throws Exception {
        Path p = pkg("link.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.link("col_site1.csr", "/etc/passwd", TarConstants.LF_SYMLINK);
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("entry 'col_site1.csr' is a symbolic link (to '/etc/passwd')");
    }

    @Test
    void read_hardLink_refused() throws Exception {
        Path p = pkg("hard.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr).link("other.csr", "col_site1.csr", TarConstants.LF_LINK);
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("entry 'other.csr' is a hard link");
    }

    @Test
    void read_absolutePath_refused() throws Exception {
        Path p = pkg("abs.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("/tmp/col_site1.csr", csr);
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("entry '/tmp/col_site1.csr' is an absolute path");
    }

    @Test
    void read_dotDotEntry_refused() throws Exception {
        Path p = pkg("dots.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("../col_site1.csr", csr);
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("entry '../col_site1.csr' has a '..' component");
    }

    @Test
    void read_folderEntry_refused() throws Exception {
        Path p = pkg("dir.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.dir("cert").file("cert/col_site1.csr", csr);
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("entry 'cert/' is a folder");
    }

    @Test
    void read_oversizedEntry_refused() throws Exception {
        Path p = pkg("big.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", new byte[Packages.MAX_ENTRY_BYTES + 1]);
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("more than the 262144 allowed");
    }

    @Test
    void read_notGzip_refused() throws Exception {
        Path p = pkg("plain.tar.gz");
        Files.writeString(p, "not an archive");

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("not a readable .tar.gz package");
    }

    @Test
    void read_fileNameNamesAnotherCollaborator_refused() throws Exception {
        Path p = pkg("col_site2_to_agg_cert_request.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr);
        }

        assertThatThrownBy(() -> RequestPackage.read(p))
                .hasMessageContaining("names collaborator 'site2' but the package holds the CSR of 'site1'");
    }

    @Test
    void read_extraEntry_refused() throws Exception {
        Path p = pkg("extra.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("col_site1.csr", csr).file("readme.txt", "hello");
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("entry 'readme.txt' is unexpected");
    }

    @Test
    void read_noCsr_refused() throws Exception {
        Path p = pkg("empty.tar.gz");
        try (Tars t = Tars.create(p)) {
            t.file("readme.txt", "hello");
        }

        assertThatThrownBy(() -> RequestPackage.read(p)).hasMessageContaining("holds no CSR");
    }
}
