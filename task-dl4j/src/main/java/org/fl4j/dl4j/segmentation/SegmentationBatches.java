package org.fl4j.dl4j.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fl4j.collaborator.data.segmentation.SegmentationData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of images {@code [n, c, h, w]} and masks {@code [n, 1, h, w]}, allocated once and refilled in a
 * new seeded order each epoch.
 */
public final class SegmentationBatches {

    private final SegmentationData data;
    private final int batchSize;
    private final List<DataSet> batches = new ArrayList<>();

    public SegmentationBatches(SegmentationData data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, found " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            batches.add(new DataSet(Nd4j.create(DataType.FLOAT, n, data.channels(), data.height(), data.width()),
                    Nd4j.create(DataType.FLOAT, n, 1, data.height(), data.width())));
        }
    }

    public int batchSize() {
        return batchSize;
    }

    public List<DataSet> inOrder() {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        fill(order);
        return batches;
    }

    public List<DataSet> shuffled(long seed) {
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
        int n = data.channels() * data.height() * data.width();
        int m = data.height() * data.width();
        float[] mask = new float[m];
        for (int b = 0; b < batches.size(); b++) {
            java.nio.FloatBuffer f = batches.get(b).getFeatures().data().asNioFloat();
            java.nio.FloatBuffer l = batches.get(b).getLabels().data().asNioFloat();
            int size = (int) batches.get(b).getFeatures().size(0);
            for (int i = 0; i < size; i++) {
                int sample = order[b * batchSize + i];
                f.put(i * n, data.images(), sample * n, n);
                for (int k = 0; k < m; k++) {
                    mask[k] = data.masks()[sample * m + k];
                }
                l.put(i * m, mask, 0, m);
            }
        }
    }
}
