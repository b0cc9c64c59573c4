package org.fl4j.dl4j.dpsgd;

import java.nio.FloatBuffer;
import org.fl4j.collaborator.data.LabeledData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A step's examples copied into fresh input and one-hot label arrays. */
record ExampleBatch(INDArray features, INDArray labels) {

    static ExampleBatch of(LabeledData data, int[] inputShape, int[] indices) {
        int n = indices.length;
        long[] shape = new long[inputShape.length + 1];
        shape[0] = n;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        INDArray features = Nd4j.create(DataType.FLOAT, shape);
        int classes = data.classCount();
        INDArray labels = Nd4j.create(DataType.FLOAT, n, classes);
        int sampleSize = data.sampleSize();
        FloatBuffer f = features.data().asNioFloat();
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            f.put(i * sampleSize, data.features(), indices[i] * sampleSize, sampleSize);
            oneHot[i * classes + data.labels()[indices[i]]] = 1f;
        }
        labels.data().asNioFloat().put(0, oneHot);
        return new ExampleBatch(features, labels);
    }
}
