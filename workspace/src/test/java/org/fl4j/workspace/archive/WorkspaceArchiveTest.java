package org.fl4j.workspace.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceArchiveTest {

    @TempDir
    Path tmp;

    private Path workspace() throws IOException {
        Path ws = tmp.resolve("ws");
        write(ws.resolve(".workspace"), "fl4j workspace\n");
        write(ws.resolve("plan/plan.yaml"), "aggregator:\n  settings:\n    rounds_to_train: 3\n");
        write(ws.resolve("plan/cols.yaml"), "collaborators: []\n");
        write(ws.resolve("code/model.json"), "{\"layers\": []}\n");
        write(ws.resolve("save/init.fl4j"), "initial model bytes");
        write(ws.resolve("save/best.fl4j"), "best model bytes");
        write(ws.resolve("cert/cert_chain.crt"), "-----BEGIN CERTIFICATE-----\n");
        write(ws.resolve("cert/client/col_one.key"), "-----BEGIN PRIVATE KEY-----\n");
        write(ws.resolve("code/leaked.txt"), "oops -----BEGIN EC PRIVATE KEY-----\nabc\n");
        write(ws.resolve("code/site.crt"), "cert");
        write(ws.resolve("data/mnist.idx"), "secret data");
        write(ws.resolve("logs/metrics.jsonl"), "{}\n");
        write(ws.resolve("col_one_to_agg_cert_request.tar.gz"), "package");
        return ws;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void export_thenImport_roundTripsTheTravellingFilesOnly() throws IOException {
        Path ws = workspace();
        ExportReport report = WorkspaceArchive.export(ws, "ws", "hash123", Set.of("save/init.fl4j"), tmp.resolve("ws.tar.gz"));

        assertThat(report.manifest().entries()).extracting(Manifest.Entry::path)
                .containsExactly(".workspace", "code/model.json", "plan/cols.yaml", "plan/plan.yaml", "save/init.fl4j");
        assertThat(report.leftOut()).extracting(LeftOut::path).contains("cert/cert_chain.crt",
                "cert/client/col_one.key", "code/leaked.txt", "code/site.crt", "data/mnist.idx",
                "logs/metrics.jsonl", "save/best.fl4j", "col_one_to_agg_cert_request.tar.gz");
        assertThat(report.leftOut()).filteredOn(l -> l.path().equals("code/leaked.txt"))
                .extracting(LeftOut::reason).containsExactly("holds a PEM private key");

        Path site = tmp.resolve("site/ws");
        Manifest imported = WorkspaceArchive.importArchive(report.archive(), site, ArchiveLimits.DEFAULT);
        assertThat(imported.planHash()).isEqualTo("hash123");
        assertThat(Files.readString(site.resolve("plan/plan.yaml"))).contains("rounds_to_train: 3");
        assertThat(Files.readString(site.resolve("save/init.fl4j"))).isEqualTo("initial model bytes");
        assertThat(site.resolve("cert")).doesNotExist();
        assertThat(site.resolve("data")).doesNotExist();
    }

    @Test
    void export_sameWorkspaceTwice_givesIdenticalBytes() throws IOException {
        Path ws = workspace();
        Path a = WorkspaceArchive.export(ws, "ws", "h", Set.of(), tmp.resolve("a.tar.gz")).archive();
        Path b = WorkspaceArchive.export(ws, "ws", "h", Set.of(), tmp.resolve("b.tar.gz")).archive();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void export_missingInitialModel_saysToInitialize() throws IOException {
        Path ws = workspace();
        assertThatThrownBy(() -> WorkspaceArchive.export(ws, "ws", "h", Set.of("save/none.fl4j"), tmp.resolve("x.tar.gz")))
                .hasMessageContaining("save/none.fl4j does not exist").hasMessageContaining("fx plan initialize");
    }

    @Test
    void import_absolutePath_isRefusedNamingTheEntry() throws IOException {
        assertRefused(new CraftedArchive().file("/etc/passwd", "x"), "/etc/passwd", "absolute path");
    }

    @Test
    void import_dotDotComponent_isRefused() throws IOException {
        assertRefused(new CraftedArchive().file("plan/../../evil.sh", "x"), "plan/../../evil.sh", "'..'");
    }

    @Test
    void import_symlink_isRefused() throws IOException {
        assertRefused(new CraftedArchive().raw("plan/link", TarConstants.LF_SYMLINK, new byte[0], "/etc/shadow"),
                "plan/link", "symbolic links are not allowed");
    }

    @Test
    void import_hardLink_isRefused() throws IOException {
        assertRefused(new CraftedArchive().file("plan/a", "x").raw("plan/b", TarConstants.LF_LINK, new byte[0], "plan/a"),
                "plan/b", "hard links are not allowed");
    }

    @Test
    void import_deviceFile_isRefused() throws IOException {
        assertRefused(new CraftedArchive().raw("plan/dev", TarConstants.LF_CHR, new byte[0], null),
                "plan/dev", "device files");
    }

    @Test
    void import_entryNotInManifest_isRefused() throws IOException {
        assertRefused(new CraftedArchive().file("plan/plan.yaml", "a")
                .raw("code/extra.sh", TarConstants.LF_NORMAL, "x".getBytes(StandardCharsets.UTF_8), null),
                "code/extra.sh", "not listed in the manifest");
    }

    @Test
    void import_hashMismatch_isRefused() throws IOException {
        byte[] evil = "tampered".getBytes(StandardCharsets.UTF_8);
        assertRefused(new CraftedArchive().list("plan/plan.yaml", evil.length, CraftedArchive.sha256("original".getBytes()))
                .raw("plan/plan.yaml", TarConstants.LF_NORMAL, evil, null), "plan/plan.yaml", "does not match");
    }

    @Test
    void import_listedButMissing_isRefused() throws IOException {
        assertRefused(new CraftedArchive().list("plan/gone.yaml", 1, CraftedArchive.sha256("x".getBytes())),
                "plan/gone.yaml", "missing from the archive");
    }

    @Test
    void import_beyondSizeLimit_isRefusedWhileUnpacking() throws IOException {
        byte[] big = new byte[200_000];
        Path archive = new CraftedArchive().list("save/init.fl4j", big.length, CraftedArchive.sha256(big))
                .raw("save/init.fl4j", TarConstants.LF_NORMAL, big, null).write(tmp.resolve("bomb.tar.gz"));
        Path target = tmp.resolve("out");
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(archive, target, ArchiveLimits.DEFAULT.withMaxTotalBytes(100_000)))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("import limit of 100000");
        assertNothingWritten();
    }

    @Test
    void import_manifestUnderstatesSize_stopsAtTheManifestSize() throws IOException {
        byte[] big = new byte[50_000];
        assertRefused(new CraftedArchive().list("save/init.fl4j", 10, CraftedArchive.sha256(big))
                .raw("save/init.fl4j", TarConstants.LF_NORMAL, big, null), "save/init.fl4j", "more bytes than the manifest's 10");
    }

    @Test
    void import_existingNonEmptyTarget_isRefusedAndKeepsIt() throws IOException {
        Path archive = new CraftedArchive().file("plan/plan.yaml", "a").write(tmp.resolve("ok.tar.gz"));
        Path target = tmp.resolve("out");
        write(target.resolve("mine.txt"), "keep me");
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(archive, target, ArchiveLimits.DEFAULT))
                .hasMessageContaining("exists and is not empty");
        assertThat(Files.readString(target.resolve("mine.txt"))).isEqualTo("keep me");
    }

    @Test
    void import_notAnArchive_isRefused() throws IOException {
        Path junk = tmp.resolve("junk.tar.gz");
        Files.writeString(junk, "not gzip at all");
        assertThatThrownBy(() -> WorkspaceArchive.verify(junk, ArchiveLimits.DEFAULT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("not a readable .tar.gz");
    }

    private void assertRefused(CraftedArchive crafted, String entry, String reason) throws IOException {
        Path archive = crafted.write(tmp.resolve("crafted.tar.gz"));
        Path target = tmp.resolve("out");
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(archive, target, ArchiveLimits.DEFAULT))
                .isInstanceOf(ArchiveRefusedException.class)
                .satisfies(e -> assertThat(((ArchiveRefusedException) e).entry()).isEqualTo(entry))
                .hasMessageContaining(reason);
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.endsWith(".tar.gz") || n.equals("ws"));
        }
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
