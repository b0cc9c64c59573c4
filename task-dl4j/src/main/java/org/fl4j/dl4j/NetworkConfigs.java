package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Edits of DL4J network configurations before a network is built from them. */
final class NetworkConfigs {

    private NetworkConfigs() {
    }

    static List<NeuralNetConfiguration> layerConfs(Object conf) {
        if (conf instanceof MultiLayerConfiguration m) {
            return m.getConfs();
        }
        List<NeuralNetConfiguration> out = new ArrayList<>();
        for (GraphVertex v : ((ComputationGraphConfiguration) conf).getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                out.add(lv.getLayerConf());
            }
        }
        return out;
    }

    /** Seeds every layer's configuration, so that initial weights depend on the plan's seed only. */
    static void seed(Object conf, long seed) {
        for (NeuralNetConfiguration c : layerConfs(conf)) {
            c.setSeed(seed);
        }
        if (conf instanceof ComputationGraphConfiguration g) {
            g.getDefaultConfiguration().setSeed(seed);
        }
    }

    /** Gives every trainable layer the updater (and no separate bias updater). */
    static void updater(Object conf, IUpdater updater) {
        for (NeuralNetConfiguration c : layerConfs(conf)) {
            if (c.getLayer() instanceof BaseLayer bl) {
                bl.setIUpdater(updater.clone());
                bl.setBiasUpdater(null);
            }
        }
    }

    /**
     * Gives every trainable layer's weights decoupled weight decay {@code coeff} (each step shrinks them by
     * {@code learning rate * coeff} times themselves, after the optimizer; 0 removes any regularization of the
     * weights); biases are not decayed.
     */
    static void weightDecay(Object conf, double coeff) {
        for (NeuralNetConfiguration c : layerConfs(conf)) {
            if (c.getLayer() instanceof BaseLayer bl) {
                bl.setRegularization(coeff == 0 ? new ArrayList<>()
                        : new ArrayList<>(List.of(new org.nd4j.linalg.learning.regularization.WeightDecay(coeff,
                                true))));
            }
        }
    }

    /**
     * Makes the last layer of an imported Keras model compute the loss: a Dense layer becomes an output layer
     * with the same units, activation and initialisation; an Activation layer becomes a loss layer. An
     * existing output layer gets the loss.
     */
    static Layer withLoss(Layer last, ILossFunction loss, String source) throws ModelException {
        if (last instanceof OutputLayer o) {
            o.setLossFn(loss);
            return o;
        }
        if (last instanceof LossLayer l) {
            l.setLossFn(loss);
            return l;
        }
        if (last instanceof DenseLayer d) {
            OutputLayer o = new OutputLayer.Builder(loss).nIn(d.getNIn()).nOut(d.getNOut())
                    .activation(d.getActivationFn()).weightInit(d.getWeightInitFn()).name(d.getLayerName())
                    .biasInit(d.getBiasInit()).gainInit(d.getGainInit()).hasBias(d.hasBias())
                    .gradientNormalization(d.getGradientNormalization())
                    .gradientNormalizationThreshold(d.getGradientNormalizationThreshold())
                    .dropOut(d.getIDropout()).build();
            o.setRegularization(d.getRegularization());
            o.setRegularizationBias(d.getRegularizationBias());
            o.setIUpdater(d.getIUpdater());
            return o;
        }
        if (last instanceof ActivationLayer a) {
            return new LossLayer.Builder(loss).activation(a.getActivationFn()).name(a.getLayerName()).build();
        }
        throw new ModelException(source + ": the last layer (" + last.getClass().getSimpleName() + " '"
                + last.getLayerName() + "') must be Dense or Activation to compute a loss");
    }

    /** True when some 2D CNN layer of the configuration works in NHWC (channels-last) layout. */
    static boolean hasNhwcLayers(Object conf) {
        for (NeuralNetConfiguration c : layerConfs(conf)) {
            Layer l = c.getLayer();
            if (l instanceof ConvolutionLayer cl && cl.getCnn2dDataFormat() == CNN2DFormat.NHWC
                    || l instanceof SubsamplingLayer sl && sl.getCnn2dDataFormat() == CNN2DFormat.NHWC
                    || l instanceof BatchNormalization bn && bn.getCnn2DFormat() == CNN2DFormat.NHWC
                    || l instanceof ZeroPaddingLayer zp && zp.getDataFormat() == CNN2DFormat.NHWC) {
                return true;
            }
        }
        return false;
    }

    /**
     * Switches a sequential configuration from NHWC to NCHW when every layer and preprocessor is one whose
     * layout this knows how to switch; returns the indices of dense layers fed by a flattening step (their
     * input order changes from height-width-channel to channel-height-width), or {@code null} when the
     * configuration was left as it was.
     */
    static List<Integer> toNchw(MultiLayerConfiguration conf) {
        for (NeuralNetConfiguration c : conf.getConfs()) {
            Layer l = c.getLayer();
            boolean known = l instanceof ConvolutionLayer || l instanceof SubsamplingLayer
                    || l instanceof BatchNormalization || l instanceof ZeroPaddingLayer || l instanceof DenseLayer
                    || l instanceof OutputLayer || l instanceof LossLayer || l instanceof ActivationLayer
                    || l instanceof DropoutLayer;
            if (!known) {
                return null;
            }
        }
        for (InputPreProcessor p : conf.getInputPreProcessors().values()) {
            if (!(p instanceof CnnToFeedForwardPreProcessor)) {
                return null;
            }
        }
        for (NeuralNetConfiguration c : conf.getConfs()) {
            Layer l = c.getLayer();
            if (l instanceof ConvolutionLayer cl) {
                cl.setCnn2dDataFormat(CNN2DFormat.NCHW);
            } else if (l instanceof SubsamplingLayer sl) {
                sl.setCnn2dDataFormat(CNN2DFormat.NCHW);
            } else if (l instanceof BatchNormalization bn) {
                bn.setCnn2DFormat(CNN2DFormat.NCHW);
            } else if (l instanceof ZeroPaddingLayer zp) {
                zp.setDataFormat(CNN2DFormat.NCHW);
            }
        }
        List<Integer> flattened = new ArrayList<>();
        for (Map.Entry<Integer, InputPreProcessor> e : conf.getInputPreProcessors().entrySet()) {
            CnnToFeedForwardPreProcessor p = (CnnToFeedForwardPreProcessor) e.getValue();
            if (p.getFormat() == CNN2DFormat.NHWC) {
                e.setValue(new CnnToFeedForwardPreProcessor(p.getInputHeight(), p.getInputWidth(),
                        p.getNumChannels(), CNN2DFormat.NCHW));
                flattened.add(e.getKey());
            }
        }
        return flattened;
    }

    /**
     * Builds and initialises the network. Layers in NHWC layout are built without DL4J's oneDNN helpers
     * (with them, NHWC networks train markedly worse in 1.0.0-M2.1). The initial weights depend on {@code seed}
     * only ({@link SeededWeightInit}).
     */
    static Model initialise(Object conf, long seed) {
        boolean helpers = !hasNhwcLayers(conf);
        return NativeSetup.withHelpers(helpers, () -> SeededWeightInit.initialise(conf, seed, () -> {
            if (conf instanceof MultiLayerConfiguration m) {
                MultiLayerNetwork net = new MultiLayerNetwork(m);
                net.init();
                return net;
            }
            ComputationGraph g = new ComputationGraph((ComputationGraphConfiguration) conf);
            g.init();
            return g;
        }));
    }
}
