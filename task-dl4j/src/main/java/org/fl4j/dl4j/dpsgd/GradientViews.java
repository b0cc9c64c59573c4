package org.fl4j.dl4j.dpsgd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Views of a flat vector laid out like the network's flat parameters (the layout of DL4J's flat gradient
 * vector too), one per parameter with the parameter's shape and element order: a parameter that sits at
 * offset {@code k} of the flat parameters sees offset {@code k} of the vector. DL4J keeps dense weights
 * column-major and convolution weights row-major there; the views follow whatever each parameter uses.
 */
final class GradientViews {

    private final INDArray flatParams;
    private final INDArray target;

    /** Views into {@code target}, a vector (or row) as long as the network's parameters. */
    GradientViews(Network network, INDArray target) {
        this.flatParams = network.flatParams();
        if (target.length() != flatParams.length()) {
            throw new IllegalArgumentException("expected " + flatParams.length() + " values, found " + target.length());
        }
        this.target = target.reshape(target.length());
    }

    /** The views of {@code layer}'s parameters, by parameter name. */
    Map<String, INDArray> of(Layer layer) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
            out.put(e.getKey(), view(e.getValue()));
        }
        return out;
    }

    private INDArray view(INDArray param) {
        if (param.data() != flatParams.data() && param.data().originalDataBuffer() != flatParams.data()) {
            throw new IllegalStateException("a parameter outside the network's flat parameter vector");
        }
        long offset = param.offset() - flatParams.offset();
        INDArray slice = target.get(NDArrayIndex.interval(offset, offset + param.length()));
        INDArray shaped = Shape.newShapeNoCopy(slice, param.shape(), param.ordering() == 'f');
        if (shaped == null) {
            throw new IllegalStateException("cannot view " + param.length() + " values as "
                    + param.shapeInfoToString());
        }
        return shaped;
    }
}
