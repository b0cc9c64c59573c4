package org.fl4j.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * {@linkplain AggregationStrategy#coordinateWise() coordinate-wise} strategies. Files are deleted once their
 * round is done; leftovers of a crashed run are deleted when this is created.
 */
public final class StagingFiles {

    static final String SUFFIX = ".update";

    private final Path dir;
    private final ModelLayout layout;
    private final int tileElements;
    private final long[] tensorOffsets;
    private final AtomicLong counter = new AtomicLong();
    private final StagingBuffers models;

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

    /** A new, empty, owner-only staging file for {@code contributor}'s update. */
    Path newFile(String contributor) throws IOException {
        String safe = contributor.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path file = dir.resolve(safe + "-" + counter.incrementAndGet() + SUFFIX);
        Files.deleteIfExists(file);
        Files.createFile(file);
        restrict(file, "rw-------");
        return file;
    }

    /** Deletes a staging file; one that cannot be deleted now is removed when the next aggregator starts. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
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
