package org.fl4j.aggregation;

import java.util.List;
import java.util.Objects;

/**
 * Name and shape of one tensor of the global model. Its element count must fit a Java array.
 *
 * @param name  tensor name, unique within a {@link ModelLayout}
 * @param shape dimensions, outermost first; an empty list is a scalar
 */
public record TensorSpec(String name, List<Integer> shape) {

    /** Largest element count of one tensor (the largest Java array the JVMs we support allocate). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        shape = List.copyOf(shape);
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + shape);
            }
            size *= d;
            if (size > MAX_ELEMENTS) {
                throw new IllegalArgumentException("tensor '" + name + "' " + shape + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
        }
    }

    public static TensorSpec of(String name, int... shape) {
        return new TensorSpec(name, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }
}
