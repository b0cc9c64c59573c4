package org.fl4j.dl4j.dpsgd;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Clipping for any network: one forward and backward pass per example through DL4J's own
 * {@code computeGradientAndScore}, its gradient read from the network's flat gradient vector, scaled and
 * added to the sum. Exact for every layer that treats examples independently, but an example at a time
 * (about ten times slower than batched training on the keras_cnn_mnist CNN); {@link LayerwiseClipping}
 * is the fast path for the layers it knows. The one-example input and label arrays are allocated once per
 * shape and refilled.
 */
final class PerExampleClipping implements Clipping {

    private final Network network;
    private INDArray oneFeatures;
    private INDArray oneLabels;

    PerExampleClipping(Network network) {
        this.network = network;
    }

    @Override
    public BatchStats addClipped(INDArray features, INDArray labels, double clipNorm, INDArray sum) {
        int batch = (int) features.size(0);
        int clipped = 0;
        double loss = 0;
        INDArray flatSum = sum.reshape(sum.length());
        for (int i = 0; i < batch; i++) {
            INDArray x = one(features, labels, i);
            loss += gradient(x, oneLabels);
            INDArray g = network.flatGradients().reshape(sum.length());
            double norm = g.norm2Number().doubleValue();
            double c = Clipping.factor(norm, clipNorm);
            if (c < 1) {
                clipped++;
            }
            Nd4j.getBlasWrapper().level1().axpy(g.length(), c, g, flatSum);
        }
        return new BatchStats(batch, clipped, loss);
    }

    private INDArray one(INDArray features, INDArray labels, int i) {
        long[] shape = features.shape().clone();
        shape[0] = 1;
        if (oneFeatures == null || !java.util.Arrays.equals(oneFeatures.shape(), shape)) {
            oneFeatures = Nd4j.create(features.dataType(), shape);
            oneLabels = Nd4j.create(labels.dataType(), 1, labels.size(1));
        }
        oneFeatures.assign(features.get(NDArrayIndex.interval(i, i + 1)));
        oneLabels.assign(labels.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()));
        return oneFeatures;
    }

    /** Computes one example's gradient into the network's flat gradient vector; returns its loss. */
    private double gradient(INDArray x, INDArray y) {
        if (network.model() instanceof MultiLayerNetwork n) {
            n.setInput(x);
            n.setLabels(y);
            n.computeGradientAndScore();
            return n.score();
        }
        ComputationGraph g = (ComputationGraph) network.model();
        g.setInput(0, x);
        g.setLabel(0, y);
        g.computeGradientAndScore();
        return g.score();
    }
}
