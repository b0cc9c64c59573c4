package org.fl4j.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizer's state (Adam's moments, momentum ...) as named views, so that it can travel with the weights
 * when the plan's {@code opt_treatment} is {@code CONTINUE_GLOBAL}. The state of parameter
 * {@code <layer>/<param>} for the updater's state key {@code K} (Adam: {@code M}, {@code V}) is named
 * {@code opt/<layer>/<param>/K} and has the parameter's shape.
 */
final class OptimizerState {

    /** Prefix of optimizer-state tensor names. */
    static final String PREFIX = "opt/";

    private OptimizerState() {
    }

    static boolean isOptimizerTensor(String name) {
        return name.startsWith(PREFIX);
    }

    /** Named views into the updater's state array, in a stable order. */
    static Map<String, INDArray> views(Network network) {
        BaseMultiLayerUpdater<?> updater = network.updater();
        Map<Object, String> names = layerNames(network);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (block.getGradientUpdater() == null) {
                block.init();
            }
            Map<String, INDArray> state = block.getGradientUpdater().getState();
            if (state == null) {
                continue;
            }
            for (Map.Entry<String, INDArray> s : state.entrySet()) {
                INDArray flat = s.getValue().reshape(s.getValue().length());
                long offset = 0;
                for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                    INDArray param = p.getParamView();
                    long n = param.length();
                    INDArray segment = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n));
                    String layer = names.get(p.getLayer());
                    if (layer == null) {
                        throw new IllegalStateException("optimizer state for a layer outside the network: "
                                + p.getLayer());
                    }
                    INDArray shaped = network.params().get(layer + "/" + p.getParamName());
                    out.put(PREFIX + layer + "/" + p.getParamName() + "/" + s.getKey(),
                            segment.reshape(shaped.ordering(), shaped.shape()));
                    offset += n;
                }
            }
        }
        return out;
    }

    /** Fresh state: zero moments and an iteration count of 0 (Adam's bias correction reads it). */
    static void reset(Network network) {
        INDArray view = network.updater().getStateViewArray();
        if (view != null) {
            view.assign(0);
        }
        network.setIterationCount(0);
    }

    private static Map<Object, String> layerNames(Network network) {
        Map<Object, String> out = new java.util.IdentityHashMap<>();
        org.deeplearning4j.nn.api.Layer[] layers = network.layers();
        for (int i = 0; i < layers.length; i++) {
            out.put(layers[i], Network.layerName(layers[i], i));
        }
        return out;
    }
}
