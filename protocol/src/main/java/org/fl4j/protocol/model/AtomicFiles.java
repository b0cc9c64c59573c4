package org.fl4j.protocol.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the target's folder, is forced to
 * disk, and is renamed over the target; the folder is then forced too, so the rename survives a power
 * loss. A crash at any point leaves the old file or the new one, never a mix.
 */
public final class AtomicFiles {

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * A file whose new content is on disk next to it, waiting to replace it: {@link #commit()} renames it into
     * place; closing it without a commit deletes it and leaves the old file as it was.
     */
    public static final class Pending implements AutoCloseable {

        private final Path file;
        private final Path tmp;
        private boolean committed;

        private Pending(Path file, Path tmp) {
            this.file = file;
            this.tmp = tmp;
        }

        /** Replaces the target with the new content, durably. */
        public void commit() throws IOException {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            forceDirectory(file.toAbsolutePath().getParent());
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    public static void write(Path file, Writer writer) throws IOException {
        try (Pending pending = prepare(file, writer)) {
            pending.commit();
        }
    }

    /** Writes the new content to a temporary file beside {@code file} and forces it to disk. */
    public static Pending prepare(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            return new Pending(file, tmp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or force a directory; the rename is then as durable as they allow.
            return;
        }
    }
}
