package org.fl4j.dl4j.dpsgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
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
 * <p>Every array of a batch, DL4J's and this class's, lives in one ND4J workspace that the next batch
 * reuses (allocating native memory op by op made this path three times slower); only the sum, which the
 * caller owns, is written outside it. {@link #supports} says which networks qualify: a
 * {@link MultiLayerNetwork} whose layers with parameters are DL4J's dense, output and NCHW convolution
 * layers with a weight and an optional bias, and in which no layer applies dropout or weight noise (their
 * random masks are drawn inside DL4J's forward pass; this path would recompute pre-activations without
 * them).
 */
final class LayerwiseClipping implements Clipping {

    private static final Set<String> WEIGHT_AND_BIAS = Set.of("W", "b");
    private static final String WORKSPACE = "FL4J_DPSGD_CLIPPING";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.2).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policySpill(SpillPolicy.REALLOCATE)
            .policyMirroring(MirroringPolicy.FULL).build();

    private final Network network;
    private final MultiLayerNetwork net;
    private final Layer[] layers;
    /** Every kind of DL4J array in the one workspace (DL4J re-enters an open workspace without resetting it). */
    private final LayerWorkspaceMgr workspaces;
    private INDArray viewsOf;
    private List<Map<String, INDArray>> layerViews;

    LayerwiseClipping(Network network) {
        if (!supports(network)) {
            throw new IllegalArgumentException("layer-wise clipping does not support this network");
        }
        this.network = network;
        this.net = (MultiLayerNetwork) network.model();
        this.layers = net.getLayers();
        LayerWorkspaceMgr.Builder builder = LayerWorkspaceMgr.builder();
        for (ArrayType type : ArrayType.values()) {
            builder.with(type, WORKSPACE, WORKSPACE_CONFIG);
        }
        this.workspaces = builder.build();
        // The layers' gradient views exist once the network's flat gradient vector does (backprop writes there).
        network.flatGradients();
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
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
            return addClippedInWorkspace(features, labels, clipNorm, sum);
        } finally {
            // Not net.clear(): it also drops the network's solver, and with it the updater and its state.
            for (Layer layer : layers) {
                layer.clear();
            }
        }
    }

    private BatchStats addClippedInWorkspace(INDArray features, INDArray labels, double clipNorm, INDArray sum) {
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
        float[] scale = new float[batch];
        int clipped = 0;
        for (int i = 0; i < batch; i++) {
            double c = Clipping.factor(Math.sqrt(squaredNorms[i]), clipNorm);
            clipped += c < 1 ? 1 : 0;
            scale[i] = (float) c;
        }
        INDArray factors = Nd4j.create(scale, new long[] {batch, 1}, 'c');
        List<Map<String, INDArray>> views = viewsOf(sum);
        for (int i = 0; i < layers.length; i++) {
            if (terms[i] != null) {
                terms[i].addClipped(factors, views.get(i));
            }
        }
        return new BatchStats(batch, clipped, loss);
    }

    /** Each layer's parameter views of {@code sum}, kept while the caller passes the same sum. */
    private List<Map<String, INDArray>> viewsOf(INDArray sum) {
        if (viewsOf != sum) {
            try (MemoryWorkspace out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                GradientViews views = new GradientViews(network, sum);
                layerViews = new ArrayList<>();
                for (Layer layer : layers) {
                    layerViews.add(views.of(layer));
                }
            }
            viewsOf = sum;
        }
        return layerViews;
    }
}
