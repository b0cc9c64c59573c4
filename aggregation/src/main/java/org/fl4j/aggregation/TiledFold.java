package org.fl4j.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end of a round staged in files: for each tile of each tensor, the strategy's combiner runs on that
 * tile of every update (read from the files in contributor order) and of the global model, and its result is
 * that tile of the new model. Exact for coordinate-wise strategies, whose every output value depends only on
 * the same coordinate of the inputs. Memory: the new model, plus per tile the combiner's state and, for
 * non-streaming strategies, the tile of every update.
 */
final class TiledFold {

    private TiledFold() {
    }

    /** Combines the staged updates, taken in contributor order (sorts {@code staged}). */
    static float[][] run(AggregationStrategy strategy, StagingFiles files, float[][] global,
            List<FileSink.Staged> staged) {
        staged.sort(java.util.Comparator.comparing(FileSink.Staged::contributor));
        ModelLayout layout = files.layout();
        float[][] out = layout.newTensors();
        List<FileChannel> channels = new ArrayList<>(staged.size());
        try {
            for (FileSink.Staged s : staged) {
                channels.add(FileChannel.open(s.file(), StandardOpenOption.READ));
            }
            int tile = files.tileElements();
            // direct: the channel reads straight into it, without a copy through a temporary direct buffer
            ByteBuffer bytes = ByteBuffer.allocateDirect(4 * Math.min(tile, maxTensorSize(layout)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int t = 0; t < layout.tensorCount(); t++) {
                TensorSpec spec = layout.tensor(t);
                for (int from = 0; from < spec.size(); from += tile) {
                    int n = Math.min(tile, spec.size() - from);
                    ModelLayout part = ModelLayout.of(TensorSpec.of(spec.name(), n));
                    Combiner combiner = strategy.combiner(part,
                            new float[][] {Arrays.copyOfRange(global[t], from, from + n)});
                    float[] shared = strategy.streaming() ? new float[n] : null;
                    for (int u = 0; u < staged.size(); u++) {
                        float[] x = shared != null ? shared : new float[n];
                        read(channels.get(u), files.tensorOffset(t) + 4L * from, bytes, x, n);
                        combiner.add(new Update(staged.get(u).contributor(), staged.get(u).sampleCount(),
                                new float[][] {x}));
                    }
                    System.arraycopy(combiner.finish()[0], 0, out[t], from, n);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged updates in " + files.dir() + ": "
                    + e.getMessage(), e);
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
