package org.fl4j.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The end of a round staged in files: for each tile of each tensor, the strategy's combiner runs on that
 * tile of every update (read from the files in contributor order) and of the global model, and its result is
 * that tile of the new model. Exact for coordinate-wise strategies, whose every output value depends only on
 * the same coordinate of the inputs. Memory: the new model (a recycled one when {@link StagingFiles} holds
 * one), plus per tile the combiner's state and the tiles of the global model, of the result and of one update
 * (streaming strategies) or every update (the others), reused from tile to tile.
 */
final class TiledFold {

    private TiledFold() {
    }

    /** Combines the staged updates, taken in contributor order (sorts {@code staged}). */
    static float[][] run(AggregationStrategy strategy, StagingFiles files, float[][] global,
            List<FileSink.Staged> staged) {
        staged.sort(Comparator.comparing(FileSink.Staged::contributor));
        ModelLayout layout = files.layout();
        List<FileChannel> channels = new ArrayList<>(staged.size());
        float[][] out = null;
        try {
            for (FileSink.Staged s : staged) {
                channels.add(FileChannel.open(s.file(), StandardOpenOption.READ));
            }
            int tile = Math.min(files.tileElements(), maxTensorSize(layout));
            // direct: the channel reads straight into it, without a copy through a temporary direct buffer
            ByteBuffer bytes = ByteBuffer.allocateDirect(4 * tile).order(ByteOrder.LITTLE_ENDIAN);
            Tiles full = new Tiles(tile, strategy.streaming() ? 1 : staged.size());
            out = files.takeModel();
            for (int t = 0; t < layout.tensorCount(); t++) {
                TensorSpec spec = layout.tensor(t);
                for (int from = 0; from < spec.size(); from += tile) {
                    int n = Math.min(tile, spec.size() - from);
                    Tiles tiles = n == tile ? full : new Tiles(n, full.updates.length);
                    System.arraycopy(global[t], from, tiles.global, 0, n);
                    Combiner combiner = strategy.combiner(ModelLayout.of(TensorSpec.of(spec.name(), n)),
                            new float[][] {tiles.global});
                    for (int u = 0; u < staged.size(); u++) {
                        float[] x = tiles.updates[Math.min(u, tiles.updates.length - 1)];
                        read(channels.get(u), files.tensorOffset(t) + 4L * from, bytes, x, n);
                        combiner.add(new Update(staged.get(u).contributor(), staged.get(u).sampleCount(),
                                new float[][] {x}));
                    }
                    System.arraycopy(combiner.finish(new float[][] {tiles.result})[0], 0, out[t], from, n);
                }
            }
            return out;
        } catch (IOException e) {
            files.recycle(out);
            throw new UncheckedIOException("cannot read the staged updates in " + files.dir() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            files.recycle(out);
            throw e;
        } finally {
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // Read-only channel: nothing was lost.
                    continue;
                }
            }
        }
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

    private static void read(FileChannel channel, long position, ByteBuffer bytes, float[] into, int n)
            throws IOException {
        bytes.clear().limit(4 * n);
        long at = position;
        while (bytes.hasRemaining()) {
            int k = channel.read(bytes, at);
            if (k < 0) {
                throw new IOException("staging file ends at byte " + at + ", expected " + (position + 4L * n));
            }
            at += k;
        }
        bytes.flip();
        bytes.asFloatBuffer().get(into, 0, n);
    }

    private static int maxTensorSize(ModelLayout layout) {
        int max = 1;
        for (int t = 0; t < layout.tensorCount(); t++) {
            max = Math.max(max, layout.tensor(t).size());
        }
        return max;
    }
}
