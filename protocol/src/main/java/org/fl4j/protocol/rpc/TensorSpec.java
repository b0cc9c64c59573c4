package org.fl4j.protocol.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * Name and shape of a float32 tensor that travels as chunks: raw little-endian values, through a codec pipeline
 * ({@code encoding}), or as the masked input of secure aggregation ({@code maskedInput}, the codec metadata of
 * {@value AcceptedCodecs#SECAGG_INT32}: int32 words mod 2^32 travelling bit for bit as raw 4-byte values). At
 * most one of the two is set. Equality is the layout's: name and shape.
 */
public record TensorSpec(String name, int[] shape, Encoding encoding, byte[] maskedInput) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        if (encoding != null && maskedInput != null) {
            throw new IllegalArgumentException(name + ": a masked input travels raw, not through a codec pipeline");
        }
        maskedInput = maskedInput == null ? null : maskedInput.clone();
    }

    /** A raw tensor. */
    public TensorSpec(String name, int[] shape) {
        this(name, shape, null, null);
    }

    /** A tensor through codec pipeline {@code encoding} (null: raw). */
    public TensorSpec(String name, int[] shape, Encoding encoding) {
        this(name, shape, encoding, null);
    }

    /** The masked input of secure aggregation, {@code metadata} its {@code SecAggMaskedInputSpec}. */
    public static TensorSpec maskedInput(String name, int[] shape, byte[] metadata) {
        return new TensorSpec(name, shape, null, Objects.requireNonNull(metadata, "metadata"));
    }

    @Override
    public byte[] maskedInput() {
        return maskedInput == null ? null : maskedInput.clone();
    }

    /** The wire's codec name: empty for raw values. */
    public String codec() {
        return encoding != null ? encoding.codecName() : maskedInput != null ? AcceptedCodecs.SECAGG_INT32 : "";
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
        return maskedInput == null && name.equals(tensor.name()) && Arrays.equals(shape, tensor.shape());
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
        String codec = codec();
        return name + Arrays.toString(shape) + (codec.isEmpty() ? "" : " " + codec);
    }
}
