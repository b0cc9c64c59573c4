package org.fl4j.dl4j.dpsgd;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense or output layer {@code z = a W + b}: example i's weight gradient is the outer product
 * {@code a_i^T d_i} of its input row and its row of {@code d = dLoss/dz}, whose squared norm is
 * {@code |a_i|^2 |d_i|^2}; its bias gradient is {@code d_i}. The clipped sums are {@code a^T (c * d)} and the
 * column sums of {@code c * d}. For the output layer {@code d} comes from the loss function and the labels;
 * otherwise from the activation's derivative and the derivative passed down from the layer above.
 */
final class DenseTerm implements LayerTerm {

    private final INDArray input;
    private final INDArray delta;
    private final INDArray preOutput;
    private final IActivation activation;
    private final BaseOutputLayer outputConf;
    private final boolean hasBias;

    DenseTerm(Layer layer, INDArray input, INDArray outputEpsilon, INDArray labels) {
        this.input = input;
        INDArray weights = layer.getParam("W");
        INDArray bias = layer.paramTable().get("b");
        this.hasBias = bias != null;
        INDArray z = input.mmul(weights);
        if (bias != null) {
            z.addiRowVector(bias);
        }
        this.preOutput = z;
        var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer();
        this.activation = conf.getActivationFn();
        if (outputEpsilon == null) {
            this.outputConf = (BaseOutputLayer) conf;
            this.delta = outputConf.getLossFn().computeGradient(labels, z.dup(), activation, null);
        } else {
            this.outputConf = null;
            this.delta = activation.backprop(z.dup(), outputEpsilon.dup()).getFirst();
        }
    }

    @Override
    public void addSquaredNorms(double[] squaredNorms) {
        double[] a = LayerTerm.rowSquares(input);
        double[] d = LayerTerm.rowSquares(delta);
        for (int i = 0; i < squaredNorms.length; i++) {
            squaredNorms[i] += a[i] * d[i] + (hasBias ? d[i] : 0);
        }
    }

    @Override
    public void addClipped(INDArray factors, Map<String, INDArray> views) {
        INDArray scaled = delta.mulColumnVector(factors);
        views.get("W").addi(input.transpose().mmul(scaled));
        if (hasBias) {
            views.get("b").addi(scaled.sum(true, 0).reshape(views.get("b").shape()));
        }
    }

    /** The sum of the examples' losses (output layer only). */
    double lossSum(INDArray labels) {
        return outputConf.getLossFn().computeScoreArray(labels, preOutput.dup(), activation, null).sumNumber()
                .doubleValue();
    }
}
