package org.fl4j.protocol.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * Name and shape of a float32 tensor that travels as chunks, raw or through a codec pipeline ({@code encoding},
 * null for raw little-endian values). Equality is the layout's: name and shape.
 */
public record TensorSpec(String name, int[] shape, Encoding encoding) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
    }

    /** A raw tensor. */
    public TensorSpec(String name, int[] shape) {
        this(name, shape, null);
    }

    /** This layout, travelling with {@code e} (null: raw). */
    public TensorSpec encoded(Encoding e) {
        return new TensorSpec(name, shape, e);
    }

    public static TensorSpec of(Tensor tensor) {
        return new TensorSpec(tensor.name(), tensor.shape());
    }

    public static List<TensorSpec> of(ModelWeights weights) {
        List<TensorSpec> specs = new ArrayList<>(weights.tensorCount());
        for (Tensor t : weights.tensors()) {
            specs.add(of(t));
        }
        return List.copyOf(specs);
    }

    /** Total bytes of the tensors, float32. */
    public static long byteSize(List<TensorSpec> specs) {
        long n = 0;
        for (TensorSpec s : specs) {
            n = Math.addExact(n, s.byteSize());
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return Tensor.elementCount(shape);
    }

    public long byteSize() {
        return Math.multiplyExact(4L, elementCount());
    }

    public boolean sameLayout(Tensor tensor) {
        return name.equals(tensor.name()) && Arrays.equals(shape, tensor.shape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (encoding == null ? "" : " " + encoding.codecName());
    }
}
