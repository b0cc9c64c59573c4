package org.fl4j.aggregation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered list of tensors of the global model. Updates and results are {@code float[][]} indexed like
 * this list, each array holding its tensor's elements in row-major order.
 */
public record ModelLayout(List<TensorSpec> tensors) {

    public ModelLayout {
        tensors = List.copyOf(tensors);
        Set<String> names = new HashSet<>();
        for (TensorSpec t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
        }
    }

    public static ModelLayout of(TensorSpec... tensors) {
        return new ModelLayout(List.of(tensors));
    }

    /** Number of tensors. */
    public int tensorCount() {
        return tensors.size();
    }

    public TensorSpec tensor(int index) {
        return tensors.get(index);
    }

    /** Total number of float parameters. */
    public long parameterCount() {
        long n = 0;
        for (TensorSpec t : tensors) {
            n += t.size();
        }
        return n;
    }

    /** Fresh zero-filled arrays shaped like this layout. */
    public float[][] newTensors() {
        float[][] out = new float[tensors.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[tensors.get(i).size()];
        }
        return out;
    }

    /**
     * Checks that {@code values} has one array per tensor with the tensor's element count.
     *
     * @param what names the values in the error, e.g. "global model"
     * @throws IllegalArgumentException naming the first tensor that does not match
     */
    public void check(float[][] values, String what) {
        if (values == null || values.length != tensors.size()) {
            throw new IllegalArgumentException(what + " has " + (values == null ? "no" : values.length)
                    + " tensors, the model layout has " + tensors.size());
        }
        for (int i = 0; i < values.length; i++) {
            TensorSpec t = tensors.get(i);
            if (values[i] == null || values[i].length != t.size()) {
                throw new IllegalArgumentException(what + " tensor " + i + " ('" + t.name() + "') has "
                        + (values[i] == null ? "no" : values[i].length) + " elements, expected "
                        + t.size() + " for shape " + t.shape());
            }
        }
    }
}
