package org.fl4j.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Atomic file writes: content goes to a temporary file in the target folder (created with the final
 * permissions, so a private key is never readable by others even for a moment) and is renamed over the
 * target.
 */
final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecureFiles() {
    }

    /** Writes a private key: mode 0600. */
    static void writePrivate(Path target, byte[] content) {
        write(target, content, PosixFilePermissions.fromString("rw-------"));
    }

    /** Writes a public file (certificate, CSR, CRL, package): mode 0644. */
    static void writePublic(Path target, byte[] content) {
        write(target, content, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> perms) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            FileAttribute<?>[] attrs = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
            Files.write(tmp, content);
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, perms); // the umask may have narrowed them
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }
}
