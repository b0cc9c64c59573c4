package org.fl4j.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The end of a round staged in files: for each tile of each tensor, the strategy's combiner runs on that
 * tile of every update (read from the files' mappings, {@link StagingFile}, in contributor order) and of the
 * global model, and its result is that tile of the new model. Exact for coordinate-wise strategies, whose
 * every output value depends only on the same coordinate of the inputs, and the same whatever the number of
 * threads: tiles are independent, so they are shared out among the calling thread and the common fork-join
 * pool's (one worker per core). Memory: the new model (a recycled one when {@link StagingFiles} holds one),
 * plus per worker and tile the combiner's state and the tiles of the global model, of the result and of one
 * update (streaming strategies) or every update (the others), reused from tile to tile.
 */
final class TiledFold {

    private final AggregationStrategy strategy;
    private final StagingFiles files;
    private final float[][] global;
    private final List<FileSink.Staged> staged;
    private final float[][] out;
    private final int tile;
    private final List<Tile> tiles = new ArrayList<>();

    private TiledFold(AggregationStrategy strategy, StagingFiles files, float[][] global,
            List<FileSink.Staged> staged, float[][] out) {
        this.strategy = strategy;
        this.files = files;
        this.global = global;
        this.staged = staged;
        this.out = out;
        ModelLayout layout = files.layout();
        this.tile = Math.min(files.tileElements(), maxTensorSize(layout));
        for (int t = 0; t < layout.tensorCount(); t++) {
            for (int from = 0; from < layout.tensor(t).size(); from += tile) {
                tiles.add(new Tile(t, from));
            }
        }
    }

    /** Combines the staged updates, taken in contributor order (sorts {@code staged}). */
    static float[][] run(AggregationStrategy strategy, StagingFiles files, float[][] global,
            List<FileSink.Staged> staged) {
        staged.sort(Comparator.comparing(FileSink.Staged::contributor));
        float[][] out = null;
        try {
            for (FileSink.Staged s : staged) {
                s.file().checkLength();
            }
            out = files.takeModel();
            new TiledFold(strategy, files, global, staged, out).foldAll();
            return out;
        } catch (IOException e) {
            files.recycle(out);
            throw new UncheckedIOException("cannot read the staged updates in " + files.dir() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            files.recycle(out);
            throw e;
        }
    }

    /** Worker {@code w} of {@code k} folds tiles w, w + k, w + 2k...; returns once every worker is done. */
    private void foldAll() {
        int workers = Math.min(tiles.size(), ForkJoinPool.getCommonPoolParallelism() + 1);
        List<ForkJoinTask<RuntimeException>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            int first = w;
            helpers.add(ForkJoinPool.commonPool().submit(() -> foldCatching(first, workers)));
        }
        RuntimeException failure = foldCatching(0, workers);
        for (ForkJoinTask<RuntimeException> helper : helpers) {
            RuntimeException e = helper.join();
            if (failure == null) {
                failure = e;
            } else if (e != null) {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Folds this worker's tiles; returns what stopped it, as is (a join would wrap it), or null. */
    private RuntimeException foldCatching(int first, int step) {
        try {
            fold(first, step);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void fold(int first, int step) {
        Tiles full = new Tiles(tile, strategy.streaming() ? 1 : staged.size());
        for (int i = first; i < tiles.size(); i += step) {
            int t = tiles.get(i).tensor();
            int from = tiles.get(i).from();
            TensorSpec spec = files.layout().tensor(t);
            int n = Math.min(tile, spec.size() - from);
            Tiles arrays = n == tile ? full : new Tiles(n, full.updates.length);
            System.arraycopy(global[t], from, arrays.global, 0, n);
            Combiner combiner = strategy.combiner(ModelLayout.of(TensorSpec.of(spec.name(), n)),
                    new float[][] {arrays.global});
            for (int u = 0; u < staged.size(); u++) {
                float[] x = arrays.updates[Math.min(u, arrays.updates.length - 1)];
                staged.get(u).file().read(files.tensorOffset(t) + 4L * from, x, n);
                combiner.add(new Update(staged.get(u).contributor(), staged.get(u).sampleCount(),
                        new float[][] {x}));
            }
            System.arraycopy(combiner.finish(new float[][] {arrays.result})[0], 0, out[t], from, n);
        }
    }

    /** A tile: tensor {@code tensor}'s values from {@code from} on, at most a tile's worth. */
    private record Tile(int tensor, int from) {
    }

    /** One tile's arrays: of the global model, of each update kept at once, of the result. */
    private static final class Tiles {
        final float[] global;
        final float[][] updates;
        final float[] result;

        Tiles(int n, int updateCount) {
            global = new float[n];
            updates = new float[updateCount][n];
            result = new float[n];
        }
    }

    private static int maxTensorSize(ModelLayout layout) {
        int max = 1;
        for (int t = 0; t < layout.tensorCount(); t++) {
            max = Math.max(max, layout.tensor(t).size());
        }
        return max;
    }
}
