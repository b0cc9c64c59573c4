package org.fl4j.dl4j.dpsgd;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One parameter layer's part of {@link LayerwiseClipping}: from the layer's batched input and the
 * derivative of the loss with respect to its output (null for the output layer, which takes the labels),
 * every example's squared gradient norm over the layer's parameters, and the clipped sum of the examples'
 * gradients.
 */
interface LayerTerm {

    /** Adds each example's squared gradient norm over this layer's parameters to {@code squaredNorms[i]}. */
    void addSquaredNorms(double[] squaredNorms);

    /**
     * Adds {@code sum_i factors[i] * g_i} for each of the layer's parameters to its view.
     *
     * @param factors a column, one clip factor per example
     * @param views the layer's parameters' views of the sum, by name
     */
    void addClipped(INDArray factors, Map<String, INDArray> views);

    static LayerTerm of(Layer layer, INDArray input, INDArray outputEpsilon, INDArray labels) {
        if (layer instanceof ConvolutionLayer conv) {
            return new ConvTerm(conv, input, outputEpsilon);
        }
        return new DenseTerm(layer, input, outputEpsilon, labels);
    }

    /** Each row's sum of squares, as doubles. */
    static double[] rowSquares(INDArray rows) {
        INDArray flat = rows.reshape(rows.size(0), rows.length() / rows.size(0));
        return flat.mul(flat).sum(1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }
}
