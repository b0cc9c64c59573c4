package org.fl4j.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The {@code .tar.gz} packages that carry CSRs and certificates between sites. They are flat (no folders),
 * small, and read strictly and entirely into memory: every entry is checked before the caller looks at any
 * content, and nothing is ever extracted to disk from here.
 */
final class Packages {

    static final int MAX_ENTRIES = 8;
    static final int MAX_ENTRY_BYTES = 256 * 1024;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Packages() {
    }

    /** The entries of a package, in archive order; refuses anything but a few small, plainly named files. */
    static Map<String, byte[]> read(Path pkg) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(pkg);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                checkEntry(pkg, e, name);
                if (entries.containsKey(name)) {
                    throw refuse(pkg, name, "appears twice");
                }
                if (entries.size() == MAX_ENTRIES) {
                    throw new PkiException("refusing " + pkg + ": more than " + MAX_ENTRIES + " entries");
                }
                entries.put(name, readBounded(tar, pkg, name));
            }
        } catch (NoSuchFileException e) {
            throw new PkiException("missing package " + pkg, e);
        } catch (IOException e) {
            throw new PkiException("refusing " + pkg + ": not a readable .tar.gz package (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw new PkiException("refusing " + pkg + ": the package is empty");
        }
        return entries;
    }

    private static void checkEntry(Path pkg, TarArchiveEntry e, String name) {
        if (e.isSymbolicLink()) {
            throw refuse(pkg, name, "is a symbolic link (to '" + e.getLinkName() + "')");
        }
        if (e.isLink()) {
            throw refuse(pkg, name, "is a hard link (to '" + e.getLinkName() + "')");
        }
        String normalised = name.replace('\\', '/');
        for (String part : normalised.split("/")) {
            if (part.equals("..")) {
                throw refuse(pkg, name, "has a '..' component that would escape the target folder");
            }
        }
        if (normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*")) {
            throw refuse(pkg, name, "is an absolute path");
        }
        if (e.isDirectory()) {
            throw refuse(pkg, name, "is a folder; packages hold only files");
        }
        if (!e.isFile()) {
            throw refuse(pkg, name, "is not a regular file (device, FIFO or other special entry)");
        }
        if (normalised.contains("/")) {
            throw refuse(pkg, name, "is inside a folder; packages are flat");
        }
        if (!SAFE_NAME.matcher(name).matches()) {
            throw refuse(pkg, name, "has a name outside letters, digits, '.', '_' and '-'");
        }
        if (e.getSize() > MAX_ENTRY_BYTES) {
            throw refuse(pkg, name, "is " + e.getSize() + " bytes, more than the " + MAX_ENTRY_BYTES + " allowed");
        }
    }

    private static byte[] readBounded(InputStream in, Path pkg, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_ENTRY_BYTES) {
                throw refuse(pkg, name, "is larger than the " + MAX_ENTRY_BYTES + " bytes allowed");
            }
        }
        return out.toByteArray();
    }

    static PkiException refuse(Path pkg, String entry, String why) {
        return new PkiException("refusing " + pkg + ": entry '" + entry + "' " + why);
    }

    /** Writes a flat package of regular files (mode 0644), atomically. */
    static void write(Path pkg, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            Date now = Date.from(Instant.now());
            for (var entry : entries.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(entry.getKey());
                e.setSize(entry.getValue().length);
                e.setMode(0100644);
                e.setModTime(now);
                tar.putArchiveEntry(e);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new PkiException("cannot build package " + pkg + ": " + e.getMessage(), e);
        }
        SecureFiles.writePublic(pkg, bytes.toByteArray());
    }
}
