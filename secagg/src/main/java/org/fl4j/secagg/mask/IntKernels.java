package org.fl4j.secagg.mask;

/**
 * The element-wise loops of masking, on 32-bit integers whose additions wrap mod 2^32 as the protocol wants.
 * Keystream bytes are read as little-endian int32 values. A scalar reference and a {@code jdk.incubator.vector}
 * implementation compute exactly the same; {@link MaskKernels} picks one.
 */
public interface IntKernels {

    /** {@code acc[accFrom + i] += int32le(bytes, bytesFrom + 4i)} for i below {@code count}. */
    void addLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count);

    /** {@code acc[accFrom + i] -= int32le(bytes, bytesFrom + 4i)} for i below {@code count}. */
    void subtractLittleEndian(int[] acc, int accFrom, byte[] bytes, int bytesFrom, int count);

    /** {@code acc[i] += x[i]} for i in [from, to). */
    void add(int[] acc, int[] x, int from, int to);

    /** A short name for logs and benchmarks: "scalar" or "vector". */
    String name();
}
