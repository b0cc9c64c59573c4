package org.fl4j.workspace.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds archives entry by entry, including the malicious kinds an importer must refuse. */
final class CraftedArchive {

    private record Item(String name, byte type, byte[] content, String link) {
    }

    private final List<Item> items = new ArrayList<>();
    private final StringBuilder manifest = new StringBuilder("fl4j-workspace-manifest 1\nworkspace: ws\nplan-hash: abc\n");

    /** A file listed in the manifest with its true hash. */
    CraftedArchive file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        list(name, bytes.length, sha256(bytes));
        return raw(name, TarConstants.LF_NORMAL, bytes, null);
    }

    /** Adds a manifest line without changing the entries. */
    CraftedArchive list(String name, long size, String sha) {
        manifest.append(sha).append("  ").append(size).append("  ").append(name).append('\n');
        return this;
    }

    CraftedArchive raw(String name, byte type, byte[] content, String link) {
        items.add(new Item(name, type, content, link));
        return this;
    }

    Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] m = manifest.toString().getBytes(StandardCharsets.UTF_8);
            put(tar, new Item(Manifest.ENTRY_NAME, TarConstants.LF_NORMAL, m, null));
            for (Item item : items) {
                put(tar, item);
            }
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, Item item) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(item.name(), item.type(), true);
        if (item.link() != null) {
            e.setLinkName(item.link());
        }
        if (item.type() == TarConstants.LF_NORMAL) {
            e.setSize(item.content().length);
        }
        tar.putArchiveEntry(e);
        if (item.type() == TarConstants.LF_NORMAL) {
            tar.write(item.content());
        }
        tar.closeArchiveEntry();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
