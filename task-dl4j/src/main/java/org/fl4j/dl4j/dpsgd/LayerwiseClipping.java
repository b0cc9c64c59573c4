package org.fl4j.dl4j.dpsgd;

import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Clipping from one batched forward and backward pass (the "ghost" approach of Goodfellow 2015 and Li et
 * al. 2022), exact for networks of dense, output and 2-D convolution layers and parameter-free layers in
 * between. The backward pass runs layer by layer through DL4J's own {@code backpropGradient}, keeping each
 * parameter layer's input {@code a} and the derivative {@code e} of the loss with respect to its output,
 * one row per example. From them each layer gives every example's squared gradient norm without forming
 * the gradient where it can ({@link LayerTerm}); the norms over all layers give each example's clip factor
 * {@code c_i}, and each layer then adds {@code sum_i c_i g_i} to the sum. Nothing crosses between examples,
 * so the result equals {@link PerExampleClipping}'s up to float rounding (a test checks it).
 *
 * <p>{@link #supports} says which networks qualify: a {@link MultiLayerNetwork} whose layers with
 * parameters are DL4J's dense, output and NCHW convolution layers with a weight and an optional bias, and
 * in which no layer applies dropout or weight noise (their random masks are drawn inside DL4J's forward pass;
 * this path would recompute pre-activations without them).
 */
final class LayerwiseClipping implements Clipping {

    private static final Set<String> WEIGHT_AND_BIAS = Set.of("W", "b");

    private final Network network;
    private final MultiLayerNetwork net;
    private final Layer[] layers;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    LayerwiseClipping(Network network) {
        if (!supports(network)) {
            throw new IllegalArgumentException("layer-wise clipping does not support this network");
        }
        this.network = network;
        this.net = (MultiLayerNetwork) network.model();
        this.layers = net.getLayers();
    }

    /** True when this path computes the network's clipped gradients exactly. */
    static boolean supports(Network network) {
        if (!(network.model() instanceof MultiLayerNetwork n)) {
            return false;
        }
        Layer[] layers = n.getLayers();
        if (layers.length == 0 || layers[layers.length - 1].getClass() != OutputLayer.class) {
            return false;
        }
        for (Layer layer : layers) {
            var conf = layer.conf().getLayer();
            if (!noDropout(conf.getIDropout())) {
                return false;
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && b.getWeightNoise() != null) {
                return false;
            }
            if (layer.numParams() == 0) {
                continue;
            }
            boolean known = layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class
                    || layer.getClass() == ConvolutionLayer.class && ConvTerm.supports(layer);
            if (!known || !WEIGHT_AND_BIAS.containsAll(layer.paramTable().keySet())
                    || !layer.paramTable().containsKey("W")) {
                return false;
            }
        }
        return true;
    }

    /** No dropout, or Keras import's keep-everything placeholder (retain probability 1, no schedule). */
    private static boolean noDropout(org.deeplearning4j.nn.conf.dropout.IDropout dropout) {
        return dropout == null || dropout instanceof org.deeplearning4j.nn.conf.dropout.Dropout d && d.getP() == 1.0
                && d.getPSchedule() == null;
    }

    @Override
    public BatchStats addClipped(INDArray features, INDArray labels, double clipNorm, INDArray sum) {
        int batch = (int) features.size(0);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        INDArray[] inputs = new INDArray[layers.length];
        INDArray a = features;
        for (int i = 0; i < layers.length; i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                a = pre.preProcess(a, batch, workspaces);
            }
            inputs[i] = a;
            layers[i].setInputMiniBatchSize(batch);
            layers[i].setInput(a, workspaces);
            if (i < layers.length - 1) {
                a = layers[i].activate(true, workspaces);
            }
        }
        ((OutputLayer) layers[layers.length - 1]).setLabels(labels);
        LayerTerm[] terms = new LayerTerm[layers.length];
        double[] squaredNorms = new double[batch];
        double loss = 0;
        INDArray epsilon = null;
        for (int i = layers.length - 1; i >= 0; i--) {
            Layer layer = layers[i];
            if (layer.numParams() > 0) {
                terms[i] = LayerTerm.of(layer, inputs[i], epsilon, labels);
                terms[i].addSquaredNorms(squaredNorms);
                if (i == layers.length - 1) {
                    loss = ((DenseTerm) terms[i]).lossSum(labels);
                }
            }
            if (i > 0) {
                epsilon = layer.backpropGradient(epsilon, workspaces).getSecond();
                InputPreProcessor pre = conf.getInputPreProcess(i);
                if (pre != null) {
                    epsilon = pre.backprop(epsilon, batch, workspaces);
                }
                epsilon = epsilon.dup();
            }
        }
        INDArray factors = Nd4j.create(features.dataType(), batch, 1);
        int clipped = 0;
        for (int i = 0; i < batch; i++) {
            double c = Clipping.factor(Math.sqrt(squaredNorms[i]), clipNorm);
            clipped += c < 1 ? 1 : 0;
            factors.putScalar(i, 0, c);
        }
        GradientViews views = new GradientViews(network, sum);
        for (int i = 0; i < layers.length; i++) {
            if (terms[i] != null) {
                terms[i].addClipped(factors, views.of(layers[i]));
            }
        }
        // Not net.clear(): it also drops the network's solver, and with it the updater and its state.
        for (Layer layer : layers) {
            layer.clear();
        }
        return new BatchStats(batch, clipped, loss);
    }
}
