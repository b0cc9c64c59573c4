package org.fl4j.secagg.mask;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The reference kernels: one element at a time. */
final class ScalarIntKernels implements IntKernels {

    static final ScalarIntKernels INSTANCE = new ScalarIntKernels();
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ScalarIntKernels() {
    }

    @Override
    public void addLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count) {
        for (int i = 0; i < count; i++) {
            acc[accFrom + i] += (int) INT_LE.get(bytes, bytesFrom + 4 * i);
        }
    }

    @Override
    public void subtractLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count) {
        for (int i = 0; i < count; i++) {
            acc[accFrom + i] -= (int) INT_LE.get(bytes, bytesFrom + 4 * i);
        }
    }

    @Override
    public void add(int[] acc, int[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
