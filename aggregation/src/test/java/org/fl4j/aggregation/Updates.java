package org.fl4j.aggregation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test helpers: layouts, random models, and sending an update through a round in chunks. */
public final class Updates {

    private Updates() {
    }

    public static ModelLayout layout(int... sizes) {
        TensorSpec[] specs = new TensorSpec[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            specs[i] = TensorSpec.of("t" + i, sizes[i]);
        }
        return ModelLayout.of(specs);
    }

    public static float[][] random(ModelLayout layout, long seed) {
        Random rnd = new Random(seed);
        float[][] m = layout.newTensors();
        for (float[] t : m) {
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) rnd.nextGaussian();
            }
        }
        return m;
    }

    /** Sends {@code values} in chunks of {@code chunk} elements and commits. */
    public static void send(RoundAggregation round, String who, long samples, float[][] values, int chunk) {
        UpdateSink sink = round.open(who, samples);
        for (int t = 0; t < values.length; t++) {
            for (int off = 0; off < values[t].length; off += chunk) {
                sink.accept(t, off, values[t], off, Math.min(chunk, values[t].length - off));
            }
        }
        sink.commit();
    }

    public static void send(RoundAggregation round, String who, long samples, float[][] values) {
        send(round, who, samples, values, 1000);
    }

    /** The little-endian bytes of {@code values[from, from + length)}. */
    public static ByteBuffer bytes(float[] values, int from, int length) {
        ByteBuffer b = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            b.putFloat(values[from + i]);
        }
        return b.flip();
    }
}
