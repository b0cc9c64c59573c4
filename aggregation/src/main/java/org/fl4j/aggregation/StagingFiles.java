package org.fl4j.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Out-of-core staging: each update being received goes to a file of its own in {@code dir} (raw little-endian
 * float32 values, tensors one after the other in layout order, owner-only permissions) instead of a
 * model-sized buffer on the heap, and the round's result is computed at {@link RoundAggregation#finish()} by
 * reading the files a tile of {@code tileElements} values at a time ({@link TiledFold}). The aggregator's
 * heap then holds the global model and the new one, whatever the number and size of the updates; the new
 * one is written into the arrays of an earlier model given back through {@link #recycle(float[][])}. Works for
 * {@linkplain AggregationStrategy#coordinateWise() coordinate-wise} strategies.
 *
 * <p><b>Files are reused.</b> A finished round's files take the next round's updates, overwritten in place:
 * a file keeps its page-cache pages and its disk blocks from round to round, where a new file per update made
 * the kernel allocate, charge and map 4 KiB pages for every staged byte and free them all again at each
 * round's end, most of what disk staging cost. An update is only committed once every one of its values
 * arrived, so a reused file never lends it a value from an earlier round. The folder holds as many files as
 * the busiest round had updates; files of refused or aborted updates are deleted, and {@link #close()}
 * deletes the rest when the aggregator stops, as does the next start after a crash.
 */
public final class StagingFiles {

    static final String SUFFIX = ".update";

    private final Path dir;
    private final ModelLayout layout;
    private final int tileElements;
    private final long[] tensorOffsets;
    private final AtomicLong counter = new AtomicLong();
    private final StagingBuffers models;
    private final Deque<StagingFile> idle = new ArrayDeque<>();
    private final long modelBytes;

    /**
     * @param dir          where the files go (created, owner-only where the file system allows)
     * @param tileElements values per tile of the final fold (memory: about 12 bytes a value, plus 4 a value per
     *                     update for non-streaming strategies)
     */
    public StagingFiles(Path dir, ModelLayout layout, int tileElements) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.layout = Objects.requireNonNull(layout, "layout");
        if (tileElements < 1) {
            throw new IllegalArgumentException("tile must hold at least one value, found " + tileElements);
        }
        this.tileElements = tileElements;
        this.models = new StagingBuffers(layout, 1);
        this.tensorOffsets = new long[layout.tensorCount()];
        long offset = 0;
        for (int t = 0; t < tensorOffsets.length; t++) {
            tensorOffsets[t] = offset;
            offset += 4L * layout.tensor(t).size();
        }
        this.modelBytes = offset;
        try {
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            deleteLeftovers(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the staging folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public ModelLayout layout() {
        return layout;
    }

    public Path dir() {
        return dir;
    }

    int tileElements() {
        return tileElements;
    }

    /**
     * Takes arrays of the layout's shapes that their owner no longer uses (the aggregator's previous global
     * model, once it has been served and saved) to write the next round's result into, instead of allocating
     * a new model; keeps one such model. The caller must not touch them afterwards; {@code null} and arrays
     * of other shapes are ignored.
     *
     * @return true when the arrays were kept for reuse
     */
    public boolean recycle(float[][] arrays) {
        return models.recycle(arrays);
    }

    /** Arrays for a round's result: the model last recycled (stale values) or new ones. */
    float[][] takeModel() {
        return models.take();
    }

    /** Byte position of tensor {@code t} in a staging file. */
    long tensorOffset(int t) {
        return tensorOffsets[t];
    }

    /**
     * A file for an update: one a finished round gave back (holding its stale values, which the update
     * overwrites), or a new, owner-only one.
     */
    StagingFile take() throws IOException {
        synchronized (this) {
            StagingFile reused = idle.poll();
            if (reused != null) {
                return reused;
            }
        }
        Path path = dir.resolve("update-" + counter.incrementAndGet() + SUFFIX);
        Files.deleteIfExists(path);
        Files.createFile(path);
        restrict(path, "rw-------");
        try {
            return StagingFile.create(path, modelBytes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Keeps the file of an update its round has combined, for a later update to overwrite. */
    synchronized void giveBack(StagingFile file) {
        idle.push(file);
    }

    /** How many files wait to be reused. */
    public synchronized int idleFiles() {
        return idle.size();
    }

    /** Deletes the files kept for reuse (the aggregator is stopping); files still in use are left alone. */
    public void close() {
        List<StagingFile> files;
        synchronized (this) {
            files = List.copyOf(idle);
            idle.clear();
        }
        files.forEach(StagingFiles::delete);
    }

    /** Closes and deletes a staging file; one that cannot be deleted now goes when the next aggregator starts. */
    static void delete(StagingFile file) {
        file.close();
        try {
            Files.deleteIfExists(file.path());
        } catch (IOException e) {
            return;
        }
    }

    /**
     * Deletes the update files a crashed run left in {@code dir}, if it exists: an aggregator that stages in
     * memory this time leaves none behind either.
     *
     * @return how many were deleted
     */
    public static int deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> leftovers = Files.list(dir)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX) && Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static void restrict(Path p, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own access rules apply.
            return;
        }
    }
}
