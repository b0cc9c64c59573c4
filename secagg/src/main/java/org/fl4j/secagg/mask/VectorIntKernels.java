package org.fl4j.secagg.mask;

import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on {@code jdk.incubator.vector}: keystream bytes load straight into int lanes (little-endian), and
 * lane additions wrap exactly as Java's {@code int} additions do. Loaded only through {@link MaskKernels}.
 */
final class VectorIntKernels implements IntKernels {

    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    /** Width of the preferred vector shape in bits, for the loader's sanity check. */
    static int preferredBits() {
        return I.vectorBitSize();
    }

    @Override
    public void addLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count) {
        int i = 0;
        for (int upper = I.loopBound(count); i < upper; i += I.length()) {
            IntVector k = IntVector.fromByteArray(I, bytes, bytesFrom + 4 * i, ByteOrder.LITTLE_ENDIAN);
            IntVector.fromArray(I, acc, accFrom + i).add(k).intoArray(acc, accFrom + i);
        }
        if (i < count) {
            ScalarIntKernels.INSTANCE.addLittleEndian(acc, accFrom + i, bytes, bytesFrom + 4 * i, count - i);
        }
    }

    @Override
    public void subtractLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count) {
        int i = 0;
        for (int upper = I.loopBound(count); i < upper; i += I.length()) {
            IntVector k = IntVector.fromByteArray(I, bytes, bytesFrom + 4 * i, ByteOrder.LITTLE_ENDIAN);
            IntVector.fromArray(I, acc, accFrom + i).sub(k).intoArray(acc, accFrom + i);
        }
        if (i < count) {
            ScalarIntKernels.INSTANCE.subtractLittleEndian(acc, accFrom + i, bytes, bytesFrom + 4 * i, count - i);
        }
    }

    @Override
    public void add(int[] acc, int[] x, int from, int to) {
        int i = from;
        for (int upper = from + I.loopBound(to - from); i < upper; i += I.length()) {
            IntVector.fromArray(I, acc, i).add(IntVector.fromArray(I, x, i)).intoArray(acc, i);
        }
        for (; i < to; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public String name() {
        return "vector";
    }
}
