package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fl4j.collaborator.data.LabeledData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of a data set, allocated once: each epoch refills them in a new seeded order with a plain
 * copy into the native buffers (no per-epoch DataSet shuffling or splitting, which costs 0.15-0.8 s an
 * epoch on MNIST).
 */
final class Batches {

    private final LabeledData data;
    private final int[] inputShape;
    private final int batchSize;
    private final List<DataSet> batches = new ArrayList<>();

    Batches(LabeledData data, int[] inputShape, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, found " + batchSize);
        }
        this.data = data;
        this.inputShape = inputShape.clone();
        this.batchSize = batchSize;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            batches.add(new DataSet(Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape(n)),
                    Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, data.classCount())));
        }
    }

    int batchSize() {
        return batchSize;
    }

    int sampleCount() {
        return data.size();
    }

    /** The batches in data order (for validation). */
    List<DataSet> inOrder() {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        fill(order);
        return batches;
    }

    /** The batches holding the samples in a random order drawn from {@code seed}. */
    List<DataSet> shuffled(long seed) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        fill(order);
        return batches;
    }

    private void fill(int[] order) {
        int sampleSize = data.sampleSize();
        float[] features = data.features();
        int[] labels = data.labels();
        int classes = data.classCount();
        for (int b = 0; b < batches.size(); b++) {
            DataSet batch = batches.get(b);
            java.nio.FloatBuffer f = batch.getFeatures().data().asNioFloat();
            java.nio.FloatBuffer l = batch.getLabels().data().asNioFloat();
            int n = (int) batch.getFeatures().size(0);
            float[] oneHot = new float[n * classes];
            for (int i = 0; i < n; i++) {
                int sample = order[b * batchSize + i];
                f.put(i * sampleSize, features, sample * sampleSize, sampleSize);
                oneHot[i * classes + labels[sample]] = 1f;
            }
            l.put(0, oneHot);
        }
    }

    private long[] shape(int n) {
        long[] s = new long[inputShape.length + 1];
        s[0] = n;
        for (int i = 0; i < inputShape.length; i++) {
            s[i + 1] = inputShape[i];
        }
        return s;
    }
}
