package org.fl4j.secagg.mask;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the integer kernels of this JVM once, as {@code org.fl4j.aggregation.kernel.Kernels} does for floats: the
 * {@code jdk.incubator.vector} implementation is loaded reflectively when the module is in the boot layer and
 * offers at least 128-bit vectors; otherwise the scalar reference is used and one warning names the flag.
 */
public final class MaskKernels {

    /** The JVM option that enables the vector kernels. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";
    static final String VECTOR_CLASS = "org.fl4j.secagg.mask.VectorIntKernels";
    private static final Logger LOG = LoggerFactory.getLogger(MaskKernels.class);

    private MaskKernels() {
    }

    private static final class Holder {
        static final Optional<IntKernels> VECTOR = select(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), LOG::warn);
    }

    /** The fastest kernels available. */
    public static IntKernels get() {
        return Holder.VECTOR.orElse(ScalarIntKernels.INSTANCE);
    }

    /** The vector kernels, or empty when this JVM lacks {@code jdk.incubator.vector}. */
    public static Optional<IntKernels> vector() {
        return Holder.VECTOR;
    }

    /** The scalar reference kernels. */
    public static IntKernels scalar() {
        return ScalarIntKernels.INSTANCE;
    }

    static Optional<IntKernels> select(boolean modulePresent, Consumer<String> warn) {
        if (!modulePresent) {
            warn.accept("jdk.incubator.vector is not available: secure aggregation masks with scalar code, which"
                    + " C2 vectorises in part (docs/benchmarks.md measures both). Start the JVM with "
                    + FLAG + " for the vector kernels");
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(VECTOR_CLASS);
            int bits = (int) type.getDeclaredMethod("preferredBits").invoke(null);
            if (bits < 128) {
                warn.accept("the CPU offers only " + bits + "-bit vectors: secure aggregation masks with scalar code");
                return Optional.empty();
            }
            return Optional.of((IntKernels) type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            warn.accept("the vector mask kernels could not be loaded (" + e + "): secure aggregation masks with"
                    + " scalar code");
            return Optional.empty();
        }
    }
}
