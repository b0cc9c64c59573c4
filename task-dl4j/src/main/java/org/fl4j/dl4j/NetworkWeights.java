package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A network's weights as fl4j tensors, with the optimizer state as {@code opt/...} tensors when asked. */
final class NetworkWeights {

    private NetworkWeights() {
    }

    static ModelWeights export(Network network, boolean withOptimizer) {
        List<Tensor> tensors = new ArrayList<>(Tensors.export(network.params()));
        if (withOptimizer) {
            tensors.addAll(Tensors.export(OptimizerState.views(network)));
        }
        return new ModelWeights(tensors);
    }

    /** Loads model tensors and, when present, optimizer tensors; true when optimizer tensors were loaded. */
    static boolean load(Network network, ModelWeights weights) {
        List<Tensor> model = new ArrayList<>();
        List<Tensor> optimizer = new ArrayList<>();
        for (Tensor t : weights.tensors()) {
            (OptimizerState.isOptimizerTensor(t.name()) ? optimizer : model).add(t);
        }
        if (optimizer.isEmpty()) {
            Tensors.load(network.params(), new ModelWeights(model), "model weights");
            return false;
        }
        Map<String, INDArray> views = OptimizerState.views(network);
        Tensors.check(views, new ModelWeights(optimizer), "optimizer state");
        Tensors.load(network.params(), new ModelWeights(model), "model weights");
        Tensors.load(views, new ModelWeights(optimizer), "optimizer state");
        return true;
    }
}
