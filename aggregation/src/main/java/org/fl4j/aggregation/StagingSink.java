package org.fl4j.aggregation;

import java.nio.ByteBuffer;

/** An update being received into a model-sized heap buffer of its own (see {@link StagingBuffers}). */
final class StagingSink extends CheckedSink {

    private float[][] buffer;

    StagingSink(RoundAggregation round, ModelLayout layout, String contributor, long sampleCount,
                float[][] buffer, boolean finiteOnly) {
        super(round, layout, contributor, sampleCount, finiteOnly);
        this.buffer = buffer;
    }

    @Override
    float[] landing(int t, int offset, int length) {
        return buffer[t];
    }

    @Override
    int landingIndex(int offset) {
        return offset;
    }

    @Override
    void keep(int t, int offset, float[] values, int index, int length, ByteBuffer raw) {
        if (values != buffer[t]) {
            System.arraycopy(values, index, buffer[t], offset, length);
        }
    }

    @Override
    void handOver() {
        float[][] staged = buffer;
        buffer = null;
        round.commit(new Update(contributor, sampleCount, staged));
    }

    @Override
    void release() {
        round.release(contributor, buffer);
        buffer = null;
    }
}
