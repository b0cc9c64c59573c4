package org.fl4j.aggregation.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/**
 * Splits ranges longer than a threshold into halves run on the common {@link ForkJoinPool} (the calling
 * thread takes part). Split points depend only on the range, so reductions add their partial sums in the
 * same order whatever the number of threads: results are reproducible run to run.
 */
public final class ParallelKernels implements FoldKernels {

    /** Default: ranges of up to 64 Ki elements (512 KiB of accumulator) run on one thread. */
    public static final int DEFAULT_THRESHOLD = 1 << 16;

    private final FoldKernels base;
    private final int threshold;

    public ParallelKernels(FoldKernels base, int threshold) {
        if (threshold < 64) {
            throw new IllegalArgumentException("threshold must be at least 64, found " + threshold);
        }
        this.base = base;
        this.threshold = threshold;
    }

    @Override
    public void addScaled(double[] acc, float[] x, double w, int from, int to) {
        run(from, to, (a, b) -> base.addScaled(acc, x, w, a, b));
    }

    @Override
    public void scaleInto(double[] acc, float[] x, double w, int from, int to) {
        run(from, to, (a, b) -> base.scaleInto(acc, x, w, a, b));
    }

    @Override
    public void divideInto(double[] acc, double divisor, float[] out, int from, int to) {
        run(from, to, (a, b) -> base.divideInto(acc, divisor, out, a, b));
    }

    @Override
    public int firstNonFinite(float[] x, int from, int to) {
        return base.firstNonFinite(x, from, to);
    }

    @Override
    public double squaredDistance(float[] a, float[] b, int from, int to) {
        if (to - from <= threshold) {
            return base.squaredDistance(a, b, from, to);
        }
        return new Sum(a, b, from, to).invoke();
    }

    @Override
    public void shrinkTowards(float[] x, float[] base0, double scale, int from, int to) {
        run(from, to, (a, b) -> base.shrinkTowards(x, base0, scale, a, b));
    }

    @Override
    public void rankMean(float[][] columns, int lo, int hi, float[] out, int from, int to) {
        int leaf = Math.max(64, threshold / Math.max(1, columns.length));
        if (to - from <= leaf) {
            base.rankMean(columns, lo, hi, out, from, to);
        } else {
            new Split((a, b) -> base.rankMean(columns, lo, hi, out, a, b), from, to, leaf).invoke();
        }
    }

    @Override
    public String name() {
        return base.name() + "-parallel";
    }

    /** The single-threaded kernels underneath. */
    public FoldKernels base() {
        return base;
    }

    private interface RangeOp {
        void apply(int from, int to);
    }

    private void run(int from, int to, RangeOp op) {
        if (to - from <= threshold) {
            op.apply(from, to);
        } else {
            new Split(op, from, to, threshold).invoke();
        }
    }

    /** Middle of [from, to) rounded down to a multiple of 64 elements (whole cache lines of floats). */
    private static int mid(int from, int to) {
        int m = from + ((to - from) >>> 1);
        int aligned = m & ~63;
        return aligned > from ? aligned : m;
    }

    private static final class Split extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient RangeOp op;
        private final int from;
        private final int to;
        private final int leaf;

        Split(RangeOp op, int from, int to, int leaf) {
            this.op = op;
            this.from = from;
            this.to = to;
            this.leaf = leaf;
        }

        @Override
        protected void compute() {
            if (to - from <= leaf) {
                op.apply(from, to);
                return;
            }
            int m = mid(from, to);
            invokeAll(new Split(op, from, m, leaf), new Split(op, m, to, leaf));
        }
    }

    private final class Sum extends RecursiveTask<Double> {
        private static final long serialVersionUID = 1L;
        private final float[] a;
        private final float[] b;
        private final int from;
        private final int to;

        Sum(float[] a, float[] b, int from, int to) {
            this.a = a;
            this.b = b;
            this.from = from;
            this.to = to;
        }

        @Override
        protected Double compute() {
            if (to - from <= threshold) {
                return base.squaredDistance(a, b, from, to);
            }
            int m = mid(from, to);
            Sum left = new Sum(a, b, from, m);
            Sum right = new Sum(a, b, m, to);
            right.fork();
            double l = left.compute();
            return l + right.join();
        }
    }
}
