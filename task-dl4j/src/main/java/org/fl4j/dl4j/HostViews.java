package org.fl4j.dl4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between a network's float32 parameter views and row-major Java arrays in one pass, straight through
 * the view's host memory. The layouts DL4J gives its parameters are covered: contiguous row-major views
 * (biases, convolution kernels) are one bulk copy; column-major matrices (dense weights) go through a small
 * scratch array a block of columns at a time (one sequential pass over the view), transposed between it and the
 * row-major array in {@value #TILE} x {@value #TILE} tiles, so the strided side of the transpose stays in a few
 * cache lines (a whole block column read with a 16 KiB stride hit a new line on every element: 1.4x slower
 * export and 1.9x slower import, docs/benchmarks.md). Anything else (another data type, strides of a sliced view, a device backend whose memory
 * is not the host's) is left to the caller's general path, which ND4J does.
 */
final class HostViews {

    /** Columns moved per block: with 4,096 rows, 64 columns are 1 MiB of scratch, which stays in cache. */
    private static final int BLOCK_COLUMNS = 64;
    /** Side of the square tiles a block is transposed in: 16 floats are one 64-byte cache line. */
    static final int TILE = 16;
    private static final boolean HOST_MEMORY = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

    private HostViews() {
    }

    /** Copies {@code view} into {@code dst} row-major; false (nothing copied) when the layout is not covered. */
    static boolean read(INDArray view, float[] dst) {
        Layout layout = layout(view);
        if (layout == Layout.OTHER || dst.length != view.length()) {
            return false;
        }
        FloatBuffer host = view.data().asNioFloat();
        int offset = Math.toIntExact(view.offset());
        if (offset + dst.length > host.capacity()) {
            return false;
        }
        if (layout == Layout.ROW_MAJOR) {
            host.get(offset, dst, 0, dst.length);
            return true;
        }
        int rows = (int) view.rows();
        int columns = (int) view.columns();
        float[] block = new float[Math.min(columns, BLOCK_COLUMNS) * rows];
        for (int c0 = 0; c0 < columns; c0 += BLOCK_COLUMNS) {
            int width = Math.min(BLOCK_COLUMNS, columns - c0);
            host.get(offset + c0 * rows, block, 0, width * rows);
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int rEnd = Math.min(rows, r0 + TILE);
                for (int t = 0; t < width; t += TILE) {
                    int cEnd = Math.min(width, t + TILE);
                    for (int r = r0; r < rEnd; r++) {
                        int out = r * columns + c0;
                        for (int c = t; c < cEnd; c++) {
                            dst[out + c] = block[c * rows + r];
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Copies row-major {@code src} into {@code view}; false (nothing written) when the layout is not covered. */
    static boolean write(float[] src, INDArray view) {
        Layout layout = layout(view);
        if (layout == Layout.OTHER || src.length != view.length()) {
            return false;
        }
        FloatBuffer host = view.data().asNioFloat();
        int offset = Math.toIntExact(view.offset());
        if (offset + src.length > host.capacity()) {
            return false;
        }
        if (layout == Layout.ROW_MAJOR) {
            host.put(offset, src, 0, src.length);
            return true;
        }
        int rows = (int) view.rows();
        int columns = (int) view.columns();
        float[] block = new float[Math.min(columns, BLOCK_COLUMNS) * rows];
        for (int c0 = 0; c0 < columns; c0 += BLOCK_COLUMNS) {
            int width = Math.min(BLOCK_COLUMNS, columns - c0);
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int rEnd = Math.min(rows, r0 + TILE);
                for (int t = 0; t < width; t += TILE) {
                    int cEnd = Math.min(width, t + TILE);
                    for (int c = t; c < cEnd; c++) {
                        int to = c * rows;
                        for (int r = r0; r < rEnd; r++) {
                            block[to + r] = src[r * columns + c0 + c];
                        }
                    }
                }
            }
            host.put(offset + c0 * rows, block, 0, width * rows);
        }
        return true;
    }

    enum Layout { ROW_MAJOR, COLUMN_MAJOR_MATRIX, OTHER }

    static Layout layout(INDArray view) {
        if (!HOST_MEMORY || view.dataType() != DataType.FLOAT || view.length() > Integer.MAX_VALUE) {
            return Layout.OTHER;
        }
        long[] shape = view.shape();
        long[] stride = view.stride();
        if (denseRowMajor(shape, stride)) {
            return Layout.ROW_MAJOR;
        }
        if (shape.length == 2 && stride[0] == 1 && stride[1] == shape[0]) {
            return Layout.COLUMN_MAJOR_MATRIX;
        }
        return Layout.OTHER;
    }

    /** True when the strides are those of a dense row-major array of {@code shape} (unit dimensions aside). */
    private static boolean denseRowMajor(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
