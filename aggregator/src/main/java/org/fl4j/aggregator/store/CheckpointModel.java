package org.fl4j.aggregator.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.fl4j.protocol.model.CheckpointFile;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;

/**
 * Where the checkpoint's global model lives: in the last-model file, which carries the checkpoint's token.
 * A round's save replaces that file before it replaces the checkpoint, so until the new checkpoint is
 * committed the old one's model is kept beside it, as {@code <last>.prev} (a hard link, or a copy where the
 * file system has none), and dropped after. A restart after a crash between the two finds the checkpoint's
 * model in whichever of the two files carries its token, and puts it back as the last model.
 */
final class CheckpointModel {

    private final Path last;
    private final Path previous;
    private final Path checkpoint;

    CheckpointModel(Path last, Path checkpoint) {
        this.last = last;
        this.previous = last.resolveSibling(last.getFileName() + ".prev");
        this.checkpoint = checkpoint;
    }

    /** Before the last model is replaced: keeps the current one for the checkpoint still naming it. */
    void keepPrevious() throws IOException {
        Files.deleteIfExists(previous);
        if (!Files.exists(last)) {
            return;
        }
        try {
            Files.createLink(previous, last);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(last, previous, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel copy = FileChannel.open(previous, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
        }
        forceDirectory();
    }

    /** The new checkpoint is committed: it names the new last model, the previous one is not needed. */
    void dropPrevious() throws IOException {
        Files.deleteIfExists(previous);
    }

    /** The checkpoint's model: the last model, or the one kept beside it, whichever carries {@code token}. */
    ModelWeights find(String token) throws IOException {
        String lastProblem = carries(last, token);
        if (lastProblem == null) {
            return ModelFile.read(last).weights();
        }
        if (carries(previous, token) == null) {
            try {
                Files.move(previous, last, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(previous, last, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
            return ModelFile.read(last).weights();
        }
        throw new IOException(checkpoint + " resumes from the model the aggregator saved as " + last + ", but "
                + lastProblem + ": put back the last model the aggregator wrote, or move the checkpoint away to"
                + " start the federation over");
    }

    /** Null when {@code file} is a model file carrying {@code token}, otherwise what it is instead. */
    private static String carries(Path file, String token) {
        if (!Files.isRegularFile(file)) {
            return file + " does not exist";
        }
        SavedModel header;
        try {
            header = ModelFile.readHeader(file);
        } catch (IOException e) {
            return e.getMessage();
        }
        String found = header.provenance().get(CheckpointFile.TOKEN_KEY);
        return token.equals(found) ? null : file + " holds another model (round " + header.round() + ")";
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(last.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // as AtomicFiles: where a folder cannot be forced, the link or rename is as durable as it allows
            return;
        }
    }
}
