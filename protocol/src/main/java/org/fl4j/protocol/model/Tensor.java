package org.fl4j.protocol.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 tensor in row-major order. The values array is owned by the tensor once constructed:
 * callers must not change it afterwards (copying 100 MB models on every hand-over would cost more than the
 * rounds they serve).
 */
public record Tensor(String name, int[] shape, float[] values) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                    + " holds " + count + " values, found " + values.length);
        }
    }

    /** Number of elements a tensor of this shape holds; rejects negative dimensions. */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return values.length;
    }

    /** Size of the tensor on the wire and on disk: 4 bytes a value. */
    public long byteSize() {
        return 4L * values.length;
    }

    public boolean sameLayout(Tensor other) {
        return name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
