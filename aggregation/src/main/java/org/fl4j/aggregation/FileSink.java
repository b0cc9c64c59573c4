package org.fl4j.aggregation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An update being received into a staging file ({@link StagingFiles}): each checked chunk is written at its
 * place, over whatever a reused file held there; only a small decode buffer lives on the heap. The file is
 * not forced to disk: a crash loses the round's updates as it would lose heap buffers.
 */
final class FileSink extends CheckedSink {

    /** One committed update: its weight and its file. */
    record Staged(String contributor, long sampleCount, StagingFile file) {
    }

    private final StagingFiles files;
    private StagingFile file;
    private float[] scratch = new float[0];
    private ByteBuffer encoded = ByteBuffer.allocate(0);

    FileSink(RoundAggregation round, StagingFiles files, String contributor, long sampleCount, boolean finiteOnly) {
        super(round, files.layout(), contributor, sampleCount, finiteOnly);
        this.files = files;
        try {
            this.file = files.take();
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
        file.write(files.tensorOffset(t) + 4L * offset, bytes);
    }

    @Override
    void handOver() {
        StagingFile staged = file;
        file = null;
        round.commitStaged(new Staged(contributor, sampleCount, staged));
    }

    @Override
    void release() {
        if (file != null) {
            StagingFiles.delete(file);
            file = null;
        }
        round.release(contributor, null);
    }
}
