package org.fl4j.dl4j.dpsgd;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D convolution layer (NCHW) as a matrix product per example: with {@code P_i} example i's input patches
 * ({@code K = in channels * kernel height * kernel width} rows, one column per output position, DL4J's own
 * im2col with the layer's stride, padding, dilation and mode) and {@code d_i = dLoss/dz_i} ({@code out
 * channels x positions}), its weight gradient is {@code d_i P_i^T} and its bias gradient the row sums of
 * {@code d_i}. The squared norm of {@code d_i P_i^T} comes from forming it when it is small, otherwise from
 * the two Gram matrices over positions ({@code |d P^T|^2 = <d^T d, P^T P>}), whichever costs less; the clipped
 * sum is a single product over the whole batch.
 */
final class ConvTerm implements LayerTerm {

    private final INDArray patches;
    private final INDArray delta;
    private final boolean hasBias;
    private final long outChannels;
    private final long positions;
    private final long patchSize;

    ConvTerm(ConvolutionLayer layer, INDArray input, INDArray outputEpsilon) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        int[] kernel = conf.getKernelSize();
        int[] stride = conf.getStride();
        int[] dilation = conf.getDilation();
        ConvolutionMode mode = layer.getConvolutionMode();
        int[] outSize;
        int[] padding;
        if (mode == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, null, mode, dilation, CNN2DFormat.NCHW);
            padding = ConvolutionUtils.getSameModeTopLeftPadding(outSize,
                    new int[] {(int) input.size(2), (int) input.size(3)}, kernel, stride, dilation);
        } else {
            padding = conf.getPadding();
            outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, padding, mode, dilation, CNN2DFormat.NCHW);
        }
        long batch = input.size(0);
        INDArray weights = layer.getParam("W");
        INDArray bias = layer.paramTable().get("b");
        this.hasBias = bias != null;
        this.outChannels = weights.size(0);
        this.positions = (long) outSize[0] * outSize[1];
        this.patchSize = input.size(1) * kernel[0] * kernel[1];
        INDArray columns = Nd4j.create(input.dataType(), batch, input.size(1), kernel[0], kernel[1], outSize[0],
                outSize[1]);
        Convolution.im2col(input, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0],
                dilation[1], mode == ConvolutionMode.Same, columns);
        this.patches = columns.reshape('c', batch, patchSize, positions);
        // z = W P + b for every example at once: [out, K] x [K, batch * positions].
        INDArray z = weights.reshape('c', outChannels, patchSize)
                .mmul(patches.permute(1, 0, 2).dup('c').reshape('c', patchSize, batch * positions));
        if (hasBias) {
            z.addiColumnVector(bias.reshape(outChannels, 1));
        }
        INDArray z4 = z.reshape('c', outChannels, batch, positions).permute(1, 0, 2).dup('c')
                .reshape('c', batch, outChannels, outSize[0], outSize[1]);
        // DL4J's activations may overwrite their arguments: hand them copies.
        this.delta = conf.getActivationFn().backprop(z4, outputEpsilon.dup()).getFirst()
                .reshape('c', batch, outChannels, positions);
    }

    static boolean supports(Layer layer) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getClass()
                == org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class;
    }

    @Override
    public void addSquaredNorms(double[] squaredNorms) {
        double[] weightNorms;
        if (positions * positions < outChannels * patchSize) {
            INDArray deltaGram = Nd4j.matmul(delta, delta, true, false, false);
            INDArray patchGram = Nd4j.matmul(patches, patches, true, false, false);
            weightNorms = deltaGram.muli(patchGram).reshape(squaredNorms.length, positions * positions).sum(1)
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        } else {
            weightNorms = LayerTerm.rowSquares(Nd4j.matmul(delta, patches, false, true, false));
        }
        double[] biasNorms = hasBias ? LayerTerm.rowSquares(delta.sum(2)) : new double[squaredNorms.length];
        for (int i = 0; i < squaredNorms.length; i++) {
            squaredNorms[i] += weightNorms[i] + biasNorms[i];
        }
    }

    @Override
    public void addClipped(INDArray factors, Map<String, INDArray> views) {
        long batch = factors.size(0);
        INDArray scaled = delta.mul(factors.reshape(batch, 1, 1));
        INDArray weightSum = scaled.permute(1, 0, 2).dup('c').reshape('c', outChannels, batch * positions)
                .mmul(patches.permute(0, 2, 1).dup('c').reshape('c', batch * positions, patchSize));
        INDArray w = views.get("W");
        w.addi(weightSum.reshape('c', w.shape()));
        if (hasBias) {
            INDArray b = views.get("b");
            b.addi(scaled.sum(0, 2).reshape(b.shape()));
        }
    }
}
