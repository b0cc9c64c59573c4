package org.fl4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Copies a .tar.gz package, renaming one entry: how an attacker would relabel someone else's request. */
final class TarRewriter {

    private TarRewriter() {
    }

    static void renameEntry(Path from, Path to, String oldName, String newName) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                TarArchiveInputStream tin = new TarArchiveInputStream(new GzipCompressorInputStream(in));
                OutputStream out = Files.newOutputStream(to);
                TarArchiveOutputStream tout = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                byte[] content = tin.readAllBytes();
                TarArchiveEntry copy = new TarArchiveEntry(e.getName().equals(oldName) ? newName : e.getName());
                copy.setSize(content.length);
                tout.putArchiveEntry(copy);
                tout.write(content);
                tout.closeArchiveEntry();
            }
        }
    }
}
