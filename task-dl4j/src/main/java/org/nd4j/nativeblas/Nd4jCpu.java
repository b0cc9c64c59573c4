package org.nd4j.nativeblas;

/**
 * fl4j's bridge for a lookup that DL4J 1.0.0-M2.1 gets wrong. {@code BaseMKLDNNHelper.mklDnnEnabled()} asks,
 * by reflection, {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} whether the
 * native library has oneDNN; in M2.1 that class lives at
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method is
 * {@code isUseONEDNN()}. The failed lookup is swallowed and the convolution layers silently lose their oneDNN
 * helper (5x slower training). This class answers at the old name with the new answer. It works on the class
 * path (not as a named JPMS module). {@code org.fl4j.dl4j.NativeSetupTest} fails when a DL4J upgrade fixes or
 * changes the lookup, so the bridge can be dropped then.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** Answers DL4J's reflective {@code Environment.getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when the loaded native ND4J library was built with oneDNN. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
