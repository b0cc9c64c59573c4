package org.fl4j.workspace.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a workspace archive entry by entry and checks it against its manifest and the limits, handing each
 * file's verified-as-it-streams content to a {@link Sink}. Any problem is an {@link ArchiveRefusedException}
 * naming the entry. Run once with a discarding sink to verify before anything is written.
 */
final class ArchiveScanner {

    /** Receives each regular file's content; must consume the stream. */
    interface Sink {
        void file(String path, int mode, InputStream content) throws IOException;
    }

    static final String ARCHIVE = "(archive)";

    private ArchiveScanner() {
    }

    static Manifest scan(Path archive, ArchiveLimits limits, Sink sink) throws IOException {
        try (InputStream raw = new BufferedInputStream(java.nio.file.Files.newInputStream(archive), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            return scan(tar, limits, sink);
        } catch (ArchiveRefusedException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveRefusedException(ARCHIVE, "not a readable .tar.gz (" + e.getMessage() + ")");
        }
    }

    private static Manifest scan(TarArchiveInputStream tar, ArchiveLimits limits, Sink sink) throws IOException {
        TarArchiveEntry first = tar.getNextEntry();
        if (first == null) {
            throw new ArchiveRefusedException(ARCHIVE, "the archive is empty");
        }
        if (!Manifest.ENTRY_NAME.equals(first.getName())) {
            throw new ArchiveRefusedException(first.getName(), "the first entry must be " + Manifest.ENTRY_NAME);
        }
        checkType(first);
        byte[] text = tar.readNBytes(limits.maxManifestBytes() + 1);
        if (text.length > limits.maxManifestBytes()) {
            throw new ArchiveRefusedException(Manifest.ENTRY_NAME, "larger than " + limits.maxManifestBytes() + " bytes");
        }
        Manifest manifest = Manifest.parse(new String(text, StandardCharsets.UTF_8));
        if (manifest.totalSize() > limits.maxTotalBytes()) {
            throw new ArchiveRefusedException(Manifest.ENTRY_NAME, "lists " + manifest.totalSize()
                    + " bytes, more than the import limit of " + limits.maxTotalBytes());
        }
        Map<String, Manifest.Entry> expected = manifest.byPath();
        Set<String> seen = new HashSet<>();
        long[] total = {0};
        int count = 1;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (++count > limits.maxEntries()) {
                throw new ArchiveRefusedException(entry.getName(), "more than " + limits.maxEntries() + " entries");
            }
            String name = entry.isDirectory() ? stripSlash(entry.getName()) : entry.getName();
            String problem = EntryPaths.problem(name);
            if (problem != null) {
                throw new ArchiveRefusedException(entry.getName(), problem);
            }
            checkType(entry);
            if (entry.isDirectory()) {
                continue;
            }
            Manifest.Entry want = expected.get(name);
            if (want == null) {
                throw new ArchiveRefusedException(name, "not listed in the manifest");
            }
            if (!seen.add(name)) {
                throw new ArchiveRefusedException(name, "appears twice in the archive");
            }
            MessageDigest digest = ArchiveWriter.newDigest();
            BoundedInputStream bounded = new BoundedInputStream(tar, name, want.size(), limits.maxTotalBytes(), total);
            try (InputStream content = new DigestInputStream(bounded, digest)) {
                sink.file(name, entry.getMode(), content);
                content.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (bounded.count() != want.size()) {
                throw new ArchiveRefusedException(name, "holds " + bounded.count() + " bytes, the manifest says "
                        + want.size());
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(want.sha256())) {
                throw new ArchiveRefusedException(name, "SHA-256 " + actual + " does not match the manifest's "
                        + want.sha256());
            }
        }
        for (String path : expected.keySet()) {
            if (!seen.contains(path)) {
                throw new ArchiveRefusedException(path, "listed in the manifest but missing from the archive");
            }
        }
        return manifest;
    }

    private static void checkType(TarArchiveEntry e) {
        String name = e.getName();
        if (e.isSymbolicLink()) {
            throw new ArchiveRefusedException(name, "symbolic links are not allowed (-> " + e.getLinkName() + ")");
        }
        if (e.isLink()) {
            throw new ArchiveRefusedException(name, "hard links are not allowed (-> " + e.getLinkName() + ")");
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw new ArchiveRefusedException(name, "device files and FIFOs are not allowed");
        }
        if (!e.isFile() && !e.isDirectory()) {
            throw new ArchiveRefusedException(name, "only plain files and folders are allowed");
        }
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
