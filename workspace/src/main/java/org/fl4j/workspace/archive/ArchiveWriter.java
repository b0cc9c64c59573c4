package org.fl4j.workspace.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes a workspace archive: the manifest first, then the listed files in order, as plain files with
 * fixed times and modes so the same workspace always gives the same bytes. Written to a temporary file and
 * renamed, so a failed export leaves no half archive behind.
 */
final class ArchiveWriter {

    private ArchiveWriter() {
    }

    static Manifest write(Path root, List<String> files, String workspace, String planHash, Path out)
            throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        for (String rel : files) {
            String problem = EntryPaths.problem(rel);
            if (problem != null) {
                throw new IllegalArgumentException("cannot export '" + rel + "': " + problem);
            }
            Path file = root.resolve(rel);
            entries.add(new Manifest.Entry(rel, Files.size(file), sha256(file)));
        }
        Manifest manifest = new Manifest(workspace, planHash, entries);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(fileOut))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                byte[] text = manifest.format().getBytes(StandardCharsets.UTF_8);
                putEntry(tar, Manifest.ENTRY_NAME, text.length, false);
                tar.write(text);
                tar.closeArchiveEntry();
                for (Manifest.Entry e : entries) {
                    Path file = root.resolve(e.path());
                    putEntry(tar, e.path(), e.size(), Files.isExecutable(file));
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return manifest;
    }

    private static void putEntry(TarArchiveOutputStream tar, String name, long size, boolean executable)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        entry.setMode(executable ? 0100755 : 0100644);
        entry.setModTime(0L);
        tar.putArchiveEntry(entry);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
