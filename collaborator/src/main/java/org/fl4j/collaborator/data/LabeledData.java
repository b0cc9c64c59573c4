package org.fl4j.collaborator.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Samples with integer class labels, held as one flat float array: sample {@code i} occupies
 * {@code features[i * sampleSize() .. (i + 1) * sampleSize())}, laid out row-major in {@link #sampleShape()}
 * (for MNIST {@code [28, 28]}, pixels scaled to 0..1; for tabular data {@code [featureCount]}).
 *
 * <p>The arrays are owned by the record once built: callers must not change them.
 *
 * @param source where the samples come from (a file name, for messages and provenance)
 * @param sampleShape the shape of one sample
 * @param features all samples, row-major, one after the other
 * @param labels one class index per sample, each in {@code [0, classCount)}
 * @param classCount the number of classes of the whole data set (a shard may lack some)
 */
public record LabeledData(String source, int[] sampleShape, float[] features, int[] labels, int classCount) {

    public LabeledData {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        sampleShape = sampleShape.clone();
        long size = 1;
        for (int d : sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException(source + ": bad sample shape " + Arrays.toString(sampleShape));
            }
            size *= d;
        }
        if (size * labels.length != features.length) {
            throw new IllegalArgumentException(source + ": " + labels.length + " samples of shape "
                    + Arrays.toString(sampleShape) + " need " + size * labels.length + " values, found "
                    + features.length);
        }
        if (classCount < 1) {
            throw new IllegalArgumentException(source + ": classCount must be >= 1, found " + classCount);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException(source + ": label of sample " + i + " is " + labels[i]
                        + ", outside 0.." + (classCount - 1));
            }
        }
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Number of values in one sample (the product of {@link #sampleShape()}). */
    public int sampleSize() {
        return labels.length == 0 ? product(sampleShape) : features.length / labels.length;
    }

    /** The samples at the given indices, in that order. */
    public LabeledData subset(int[] indices, String subsetSource) {
        int n = sampleSize();
        float[] f = new float[indices.length * n];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * n, f, i * n, n);
            l[i] = labels[indices[i]];
        }
        return new LabeledData(subsetSource, sampleShape, f, l, classCount);
    }

    /** The same samples, declared as belonging to a data set of {@code classes} classes. */
    public LabeledData withClassCount(int classes) {
        return new LabeledData(source, sampleShape, features, labels, classes);
    }

    /** How many samples each class has. */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    @Override
    public String toString() {
        return source + " (" + size() + " samples of " + Arrays.toString(sampleShape) + ", " + classCount
                + " classes)";
    }
}
