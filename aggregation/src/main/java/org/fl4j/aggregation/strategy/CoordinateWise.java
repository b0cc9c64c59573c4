package org.fl4j.aggregation.strategy;

import java.util.List;
import java.util.concurrent.RecursiveAction;
import org.fl4j.aggregation.Update;

/**
 * Runs a per-coordinate statistic over the buffered updates: for each element, the K values are gathered
 * into a scratch array (in update order, i.e. contributor-name order) and reduced to one float. Element
 * ranges are split across the common fork-join pool; each element's result depends only on its K values,
 * so it is the same whatever the split.
 */
final class CoordinateWise {

    /** Reduces the K values of one coordinate (the array may be reordered) to the new value. */
    interface Statistic {
        float apply(float[] values);
    }

    private static final int LEAF = 1 << 14;

    private CoordinateWise() {
    }

    static float[][] apply(List<Update> updates, int tensorCount, Statistic statistic) {
        float[][] out = new float[tensorCount][];
        for (int t = 0; t < tensorCount; t++) {
            float[][] columns = new float[updates.size()][];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = updates.get(k).tensors()[t];
            }
            out[t] = new float[columns[0].length];
            new Range(columns, out[t], statistic, 0, out[t].length).invoke();
        }
        return out;
    }

    private static final class Range extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final float[][] columns;
        private final float[] out;
        private final transient Statistic statistic;
        private final int from;
        private final int to;

        Range(float[][] columns, float[] out, Statistic statistic, int from, int to) {
            this.columns = columns;
            this.out = out;
            this.statistic = statistic;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from > LEAF) {
                int mid = (from + to) >>> 1;
                invokeAll(new Range(columns, out, statistic, from, mid), new Range(columns, out, statistic, mid, to));
                return;
            }
            float[] scratch = new float[columns.length];
            for (int i = from; i < to; i++) {
                for (int k = 0; k < columns.length; k++) {
                    scratch[k] = columns[k][i];
                }
                out[i] = statistic.apply(scratch);
            }
        }
    }
}
