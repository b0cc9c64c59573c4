package org.fl4j.aggregation.strategy;

import java.util.List;
import java.util.concurrent.RecursiveTask;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * Squared L2 distances between every pair of updates over all tensors, computed block by block so that each
 * block of every update is read from memory once (K * model bytes in all, not K^2). Element ranges are split
 * at fixed points across the common fork-join pool and partial sums added in range order, so the result is
 * reproducible whatever the number of threads.
 */
final class PairwiseDistances {

    private static final int LEAF = 1 << 16;
    private static final int BLOCK = 2048;

    private PairwiseDistances() {
    }

    /** {@code d[i][j]} for i, j in update order; symmetric, zero diagonal. */
    static double[][] squared(List<Update> updates) {
        int k = updates.size();
        double[] tri = new double[k * k];
        int tensors = updates.get(0).tensors().length;
        for (int t = 0; t < tensors; t++) {
            float[][] columns = new float[k][];
            for (int i = 0; i < k; i++) {
                columns[i] = updates.get(i).tensors()[t];
            }
            double[] part = new Range(columns, 0, columns[0].length).invoke();
            for (int i = 0; i < tri.length; i++) {
                tri[i] += part[i];
            }
        }
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                d[i][j] = tri[i * k + j];
                d[j][i] = tri[i * k + j];
            }
        }
        return d;
    }

    private static final class Range extends RecursiveTask<double[]> {
        private static final long serialVersionUID = 1L;
        private final float[][] columns;
        private final int from;
        private final int to;

        Range(float[][] columns, int from, int to) {
            this.columns = columns;
            this.from = from;
            this.to = to;
        }

        @Override
        protected double[] compute() {
            int k = columns.length;
            if (to - from > LEAF) {
                int mid = from + ((to - from) >>> 1);
                Range right = new Range(columns, mid, to);
                right.fork();
                double[] left = new Range(columns, from, mid).compute();
                double[] r = right.join();
                for (int i = 0; i < left.length; i++) {
                    left[i] += r[i];
                }
                return left;
            }
            FoldKernels kernels = Kernels.single();
            double[] sums = new double[k * k];
            for (int b = from; b < to; b += BLOCK) {
                int e = Math.min(to, b + BLOCK);
                for (int i = 0; i < k; i++) {
                    for (int j = i + 1; j < k; j++) {
                        sums[i * k + j] += kernels.squaredDistance(columns[i], columns[j], b, e);
                    }
                }
            }
            return sums;
        }
    }
}
