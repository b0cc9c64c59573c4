package org.fl4j.aggregation.kernel;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the kernels of this JVM once, Lucene-style: the {@code jdk.incubator.vector} implementation is
 * loaded reflectively only when the module is in the boot layer and offers at least 128-bit vectors;
 * otherwise the scalar reference is used and one warning names the flag to add.
 */
public final class Kernels {

    /** The JVM option that enables the vector kernels. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";
    static final String VECTOR_CLASS = "org.fl4j.aggregation.kernel.VectorKernels";

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    private Kernels() {
    }

    private static final class Holder {
        static final Optional<FoldKernels> VECTOR = select(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), LOG::warn);
        static final FoldKernels BEST = new ParallelKernels(VECTOR.orElse(ScalarKernels.INSTANCE),
                ParallelKernels.DEFAULT_THRESHOLD);
    }

    /** The fastest kernels available: vector when possible, large ranges split across cores. */
    public static FoldKernels get() {
        return Holder.BEST;
    }

    /** The fastest single-threaded kernels: vector when available, else scalar. */
    public static FoldKernels single() {
        return Holder.VECTOR.orElse(ScalarKernels.INSTANCE);
    }

    /** The vector kernels, or empty when this JVM lacks {@code jdk.incubator.vector}. */
    public static Optional<FoldKernels> vector() {
        return Holder.VECTOR;
    }

    /** The scalar reference kernels. */
    public static FoldKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * Loads the vector kernels if {@code modulepresent}; otherwise, or if loading fails, reports one warning
     * to {@code warn} and returns empty.
     */
    static Optional<FoldKernels> select(boolean modulePresent, Consumer<String> warn) {
        if (!modulePresent) {
            warn.accept("jdk.incubator.vector is not available: aggregation uses scalar code, several times "
                    + "slower. Start the JVM with " + FLAG);
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(VECTOR_CLASS);
            int bits = (int) type.getDeclaredMethod("preferredBits").invoke(null);
            if (bits < 128) {
                warn.accept("the CPU offers only " + bits + "-bit vectors: aggregation uses scalar code");
                return Optional.empty();
            }
            var constructor = type.getDeclaredConstructor();
            return Optional.of((FoldKernels) constructor.newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            warn.accept("the vector kernels could not be loaded (" + e + "): aggregation uses scalar code");
            return Optional.empty();
        }
    }
}
