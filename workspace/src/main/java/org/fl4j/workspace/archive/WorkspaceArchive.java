package org.fl4j.workspace.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Exports a workspace as a {@code .tar.gz} with a manifest, and imports one after checking every entry:
 * a refused archive names the offending entry and writes nothing.
 */
public final class WorkspaceArchive {

    private WorkspaceArchive() {
    }

    /**
     * Writes the workspace's travelling files (see {@link ExportSelection}) to {@code output}.
     *
     * @param keep saved files that travel too, relative to the workspace (the initial model)
     */
    public static ExportReport export(Path workspace, String name, String planHash, Set<String> keep, Path output)
            throws IOException {
        Path root = workspace.toAbsolutePath().normalize();
        for (String k : keep) {
            if (!Files.isRegularFile(root.resolve(k))) {
                throw new IOException("cannot export: " + k + " does not exist in " + root
                        + " (run 'fx plan initialize' first)");
            }
        }
        ExportSelection selection = ExportSelection.of(root, keep);
        Manifest manifest = ArchiveWriter.write(root, selection.included, name, planHash, output);
        return new ExportReport(output, manifest, selection.leftOut);
    }

    /** Checks the whole archive against its manifest and the limits without writing anything. */
    public static Manifest verify(Path archive, ArchiveLimits limits) throws IOException {
        return ArchiveScanner.scan(archive, limits, (path, mode, content) -> { });
    }

    /** Checks an unpacked workspace before it is moved into place; throws to refuse it. */
    @FunctionalInterface
    public interface StagedCheck {
        void check(Path unpacked, Manifest manifest) throws IOException;
    }

    /** As {@link #importArchive(Path, Path, ArchiveLimits, StagedCheck)} with no further check. */
    public static Manifest importArchive(Path archive, Path target, ArchiveLimits limits) throws IOException {
        return importArchive(archive, target, limits, (dir, manifest) -> { });
    }

    /**
     * Verifies the archive, then unpacks it into {@code target}, which must not exist or be empty. Files
     * are unpacked into a temporary sibling folder, checked with {@code check}, and renamed into place at
     * the end, so a failure leaves nothing behind.
     */
    public static Manifest importArchive(Path archive, Path target, ArchiveLimits limits, StagedCheck check)
            throws IOException {
        Manifest manifest = verify(archive, limits);
        Path dest = target.toAbsolutePath().normalize();
        if (Files.exists(dest) && !isEmptyDirectory(dest)) {
            throw new IOException("target folder " + dest + " exists and is not empty");
        }
        Path parent = dest.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + dest.getFileName() + ".importing-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            ArchiveScanner.scan(archive, limits, (path, mode, content) -> unpack(staging, path, mode, content));
            check.check(staging, manifest);
            Files.deleteIfExists(dest);
            Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        return manifest;
    }

    private static void unpack(Path root, String path, int mode, InputStream content) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new ArchiveRefusedException(path, "resolves outside the target folder");
        }
        Files.createDirectories(file.getParent());
        Files.copy(content, file);
        boolean executable = (mode & 0100) != 0;
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: default permissions stay
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
