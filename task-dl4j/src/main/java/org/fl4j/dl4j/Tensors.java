package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves named arrays between ND4J views and fl4j's row-major float tensors. DL4J keeps dense weight matrices
 * column-major inside its flat parameter vector: reading a view with {@code dup('c')} and writing back through
 * {@code assign} of a {@code 'c'} array keeps every value in its place (a raw copy of the flat buffer would
 * scramble the weights). {@link HostViews} does both in one pass over host memory for the layouts DL4J uses.
 */
final class Tensors {

    private Tensors() {
    }

    /** Row-major copies of the views, in the map's order. */
    static List<Tensor> export(Map<String, INDArray> views) {
        List<Tensor> out = new ArrayList<>(views.size());
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            out.add(toTensor(e.getKey(), e.getValue()));
        }
        return out;
    }

    static Tensor toTensor(String name, INDArray view) {
        float[] values = new float[Math.toIntExact(view.length())];
        if (!HostViews.read(view, values)) {
            INDArray a = view.dataType() == DataType.FLOAT ? view : view.castTo(DataType.FLOAT);
            values = a.dup('c').data().asFloat();
        }
        return new Tensor(name, shape(view), values);
    }

    static int[] shape(INDArray a) {
        return Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray();
    }

    /**
     * Writes tensors into the views. Every view must get a tensor of its shape; tensors without a view are an
     * error too, both named.
     */
    static void load(Map<String, INDArray> views, ModelWeights weights, String what) {
        check(views, weights, what);
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            INDArray view = e.getValue();
            float[] values = weights.get(e.getKey()).orElseThrow().values();
            if (!HostViews.write(values, view)) {
                view.assign(Nd4j.create(values, view.shape(), 'c'));
            }
        }
    }

    /** Checks that the tensors match the views one to one, by name and shape, without writing anything. */
    static void check(Map<String, INDArray> views, ModelWeights weights, String what) {
        for (Tensor t : weights.tensors()) {
            if (!views.containsKey(t.name())) {
                throw new IllegalArgumentException(what + ": unknown tensor '" + t.name() + "' (the model has "
                        + String.join(", ", views.keySet()) + ")");
            }
        }
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            Tensor t = weights.get(e.getKey()).orElseThrow(() -> new IllegalArgumentException(what
                    + ": tensor '" + e.getKey() + "' is missing"));
            if (!Arrays.equals(shape(e.getValue()), t.shape())) {
                throw new IllegalArgumentException(what + ": tensor '" + t.name() + "' has shape "
                        + Arrays.toString(t.shape()) + ", the model expects " + Arrays.toString(shape(e.getValue())));
            }
        }
    }
}
