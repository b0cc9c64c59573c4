package org.fl4j.protocol.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * Name and shape of a tensor that travels as chunks of 4-byte little-endian values: raw float32 (codec empty),
 * or packed by the named codec with its metadata (see {@link AcceptedCodecs}).
 */
public record TensorSpec(String name, int[] shape, String codec, byte[] codecMetadata) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        Objects.requireNonNull(codec, "codec");
        codecMetadata = codecMetadata.clone();
    }

    /** A raw float32 tensor. */
    public TensorSpec(String name, int[] shape) {
        this(name, shape, "", new byte[0]);
    }

    /** True for raw float32 values (no codec). */
    public boolean raw() {
        return codec.isEmpty();
    }

    @Override
    public byte[] codecMetadata() {
        return codecMetadata.clone();
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
        return raw() && name.equals(tensor.name()) && Arrays.equals(shape, tensor.shape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && Arrays.equals(shape, s.shape)
                && codec.equals(s.codec) && Arrays.equals(codecMetadata, s.codecMetadata);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (raw() ? "" : " (codec " + codec + ")");
    }
}
