package org.fl4j.aggregation.strategy;

import java.util.List;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * Coordinate-wise order statistics over buffered updates: for every parameter, the mean of its sorted values
 * at ranks [lo, hi) ({@link FoldKernels#rankMean}: a SIMD sorting network across coordinates, split across
 * cores). Each coordinate's result depends only on its multiset of values, never on update order.
 */
final class RankMeans {

    private RankMeans() {
    }

    static float[][] apply(List<Update> updates, int tensorCount, int lo, int hi) {
        FoldKernels kernels = Kernels.get();
        float[][] out = new float[tensorCount][];
        for (int t = 0; t < tensorCount; t++) {
            float[][] columns = new float[updates.size()][];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = updates.get(k).tensors()[t];
            }
            out[t] = new float[columns[0].length];
            kernels.rankMean(columns, lo, hi, out[t], 0, out[t].length);
        }
        return out;
    }
}
