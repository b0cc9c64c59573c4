package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A DL4J network ({@link MultiLayerNetwork} or single-input, single-output {@link ComputationGraph}) behind
 * the few operations fl4j needs, with its parameters under stable names {@code <layer>/<param>}.
 */
public final class Network {

    private final Model model;
    private final Map<String, INDArray> params;

    public Network(Model model) {
        this.model = Objects.requireNonNull(model, "model");
        if (model instanceof ComputationGraph g && (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != 1)) {
            throw new IllegalArgumentException("a ComputationGraph needs exactly one input and one output to"
                    + " train here, found " + g.getNumInputArrays() + " and " + g.getNumOutputArrays());
        }
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, found "
                    + model.getClass().getName());
        }
        this.params = namedParams();
    }

    /** The wrapped DL4J model. */
    public Model model() {
        return model;
    }

    /**
     * The parameters as views into the network, keyed {@code <layer>/<param>} in layer order (a layer's
     * parameters in DL4J's order; in convolution layers the bias comes first).
     */
    public Map<String, INDArray> params() {
        return params;
    }

    private Map<String, INDArray> namedParams() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        Layer[] layers = layers();
        for (int i = 0; i < layers.length; i++) {
            String layer = layerName(layers[i], i);
            for (Map.Entry<String, INDArray> e : layers[i].paramTable().entrySet()) {
                if (out.put(layer + "/" + e.getKey(), e.getValue()) != null) {
                    throw new IllegalArgumentException("two layers are named '" + layer + "': give them distinct"
                            + " names");
                }
            }
        }
        return out;
    }

    /** The name of layer {@code index} of {@link #layers()}: its own, or {@code layer<index>}. */
    public String layerName(int index) {
        return layerName(layers()[index], index);
    }

    static String layerName(Layer layer, int index) {
        String name = layer.conf() == null || layer.conf().getLayer() == null ? null
                : layer.conf().getLayer().getLayerName();
        return name == null || name.isBlank() ? "layer" + index : name;
    }

    public Layer[] layers() {
        return model instanceof MultiLayerNetwork n ? n.getLayers() : ((ComputationGraph) model).getLayers();
    }

    /** The flat parameter vector (a view). */
    public INDArray flatParams() {
        return model.params();
    }

    /** The updater (holds the optimizer state), created on first use. */
    public BaseMultiLayerUpdater<?> updater() {
        if (model instanceof MultiLayerNetwork n) {
            return (BaseMultiLayerUpdater<?>) n.getUpdater(true);
        }
        return ((ComputationGraph) model).getUpdater(true);
    }

    public int iterationCount() {
        return model instanceof MultiLayerNetwork n ? n.getIterationCount()
                : ((ComputationGraph) model).getIterationCount();
    }

    public int epochCount() {
        return model instanceof MultiLayerNetwork n ? n.getEpochCount() : ((ComputationGraph) model).getEpochCount();
    }

    /**
     * The flat gradient vector (a view the layers write their gradients into, laid out like
     * {@link #flatParams()}); what DL4J's updater turns into the step.
     */
    public INDArray flatGradients() {
        if (model instanceof MultiLayerNetwork n) {
            n.getUpdater(true);
            return n.getFlattenedGradients();
        }
        ComputationGraph g = (ComputationGraph) model;
        g.getUpdater(true);
        return g.getFlattenedGradients();
    }

    public void setIterationCount(int count) {
        if (model instanceof MultiLayerNetwork n) {
            n.setIterationCount(count);
        } else {
            ((ComputationGraph) model).getConfiguration().setIterationCount(count);
        }
    }

    /** One pass over the batches, in order, through DL4J's own fit loop (no prefetch thread). */
    public void fitEpoch(List<DataSet> batches) {
        org.deeplearning4j.datasets.iterator.ExistingDataSetIterator it =
                new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(batches) {
                    @Override
                    public boolean asyncSupported() {
                        return false;
                    }
                };
        if (model instanceof MultiLayerNetwork n) {
            n.fit(it);
        } else {
            ((ComputationGraph) model).fit(it);
        }
    }

    /** Predictions (inference mode). */
    public INDArray output(INDArray features) {
        return model instanceof MultiLayerNetwork n ? n.output(features, false)
                : ((ComputationGraph) model).outputSingle(false, features);
    }

    /** The loss on a batch (inference mode, no regularisation changes). */
    public double score(DataSet batch) {
        return model instanceof MultiLayerNetwork n ? n.score(batch, false)
                : ((ComputationGraph) model).score(batch, false);
    }

    public void setListeners(List<TrainingListener> listeners) {
        if (model instanceof MultiLayerNetwork n) {
            n.setListeners(new ArrayList<>(listeners));
        } else {
            ((ComputationGraph) model).setListeners(new ArrayList<>(listeners));
        }
    }

    /** Number of parameters. */
    public long parameterCount() {
        return model.numParams();
    }
}
