package org.fl4j.aggregation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An update being received into a staging file ({@link StagingFiles}): each checked chunk is written at its
 * place, over whatever a reused file held there; only a small decode buffer lives on the heap. The file is not forced to disk: it lives for one
 * round, and a crash loses the round's updates as it would lose heap buffers.
 */
final class FileSink extends CheckedSink {

    /** One committed update: its weight and its file. */
    record Staged(String contributor, long sampleCount, Path file) {
    }

    private final StagingFiles files;
    private final Path file;
    private FileChannel channel;
    private float[] scratch = new float[0];
    private ByteBuffer encoded = ByteBuffer.allocate(0);

    FileSink(RoundAggregation round, StagingFiles files, String contributor, long sampleCount, boolean finiteOnly) {
        super(round, files.layout(), contributor, sampleCount, finiteOnly);
        this.files = files;
        try {
            this.file = files.take();
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UpdateRejectedException(contributor, null, -1, "cannot stage the update in " + files.dir()
                    + ": " + e.getMessage());
        }
    }

    @Override
    float[] landing(int t, int offset, int length) {
        if (scratch.length < length) {
            scratch = new float[length];
        }
        return scratch;
    }

    @Override
    int landingIndex(int offset) {
        return 0;
    }

    @Override
    void keep(int t, int offset, float[] values, int index, int length, ByteBuffer raw) {
        ByteBuffer bytes = raw;
        if (bytes == null) {
            if (encoded.capacity() < 4 * length) {
                encoded = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
            }
            encoded.clear();
            encoded.asFloatBuffer().put(values, index, length);
            encoded.limit(4 * length);
            bytes = encoded;
        }
        long position = files.tensorOffset(t) + 4L * offset;
        try {
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
        } catch (IOException e) {
            refuse(layout.tensor(t).name(), offset, "cannot write the staging file " + file + ": " + e.getMessage());
        }
    }

    @Override
    void handOver() {
        try {
            channel.close();
        } catch (IOException e) {
            refuse(null, -1, "cannot write the staging file " + file + ": " + e.getMessage());
        }
        channel = null;
        round.commitStaged(new Staged(contributor, sampleCount, file));
    }

    @Override
    void release() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Closing a channel of a file about to be deleted: nothing is lost.
        } finally {
            channel = null;
            StagingFiles.delete(file);
            round.release(contributor, null);
        }
    }
}
