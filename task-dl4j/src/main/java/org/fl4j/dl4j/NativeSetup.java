package org.fl4j.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares ND4J's native backend for training: picks the portable oneDNN build (no AVX-512 needed), lets
 * DL4J's layers use their oneDNN helpers, and limits native threads to what the site gives this process
 * (one OpenMP thread per training process is fastest when several share a machine).
 *
 * <p>The system properties must be set before ND4J loads its native library, so every entry point of this
 * module calls {@link #configure(int)} before touching ND4J. A user's own {@code -D} settings win.
 */
public final class NativeSetup {

    /** JavaCPP: which build of the native library to load; {@code -onednn} runs on any x86-64 CPU. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** DL4J 1.0.0-M2.1: layer helpers (oneDNN convolution, pooling, batch norm) are off unless this is false. */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger LOG = LoggerFactory.getLogger(NativeSetup.class);
    private static boolean propertiesSet;
    private static int threads;

    private NativeSetup() {
    }

    /** Sets the native-loading properties (first call only) and the number of native threads (every call). */
    public static synchronized void configure(int nativeThreads) {
        if (nativeThreads < 1) {
            throw new IllegalArgumentException("native threads must be >= 1, found " + nativeThreads);
        }
        if (!propertiesSet) {
            setIfAbsent(PLATFORM_EXTENSION, "-onednn");
            setIfAbsent(HELPERS_DISABLE, "false");
            propertiesSet = true;
        }
        if (threads != nativeThreads) {
            Nd4j.getEnvironment().setMaxThreads(nativeThreads);
            Nd4j.getEnvironment().setMaxMasterThreads(nativeThreads);
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nativeThreads);
            Nd4j.factory().blas().setMaxThreads(nativeThreads);
            threads = nativeThreads;
            LOG.debug("ND4J native threads: {} (oneDNN: {})", nativeThreads, oneDnnLoaded());
        }
    }

    /** Sets the native-loading properties if nothing did yet, with one native thread; keeps a thread count set before. */
    public static synchronized void ensureConfigured() {
        if (threads == 0) {
            configure(1);
        }
    }

    /** True when the loaded native ND4J library was built with oneDNN. */
    public static boolean oneDnnLoaded() {
        return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }

    /** The number of OpenMP threads the native library uses now. */
    public static int ompThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /**
     * Runs {@code build} with DL4J's layer helpers allowed or not (layers pick their helper when they are
     * created). Used to keep NHWC networks off the oneDNN helper.
     */
    static synchronized <T> T withHelpers(boolean allowed, java.util.function.Supplier<T> build) {
        String before = System.getProperty(HELPERS_DISABLE);
        System.setProperty(HELPERS_DISABLE, Boolean.toString(!allowed || "true".equals(before)));
        try {
            return build.get();
        } finally {
            if (before == null) {
                System.clearProperty(HELPERS_DISABLE);
            } else {
                System.setProperty(HELPERS_DISABLE, before);
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
