package org.fl4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Hand-made .tar.gz packages, including what an attacker would send. */
final class CraftedTar implements AutoCloseable {

    private final TarArchiveOutputStream tar;

    CraftedTar(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    CraftedTar file(String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
        return this;
    }

    CraftedTar symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Copies a package, renaming one entry: how an attacker would relabel someone else's request. */
    static void renameEntry(Path from, Path to, String oldName, String newName) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                TarArchiveInputStream tin = new TarArchiveInputStream(new GzipCompressorInputStream(in));
                CraftedTar out = new CraftedTar(to)) {
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                out.file(e.getName().equals(oldName) ? newName : e.getName(), tin.readAllBytes());
            }
        }
    }
}
