package org.fl4j.aggregation.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on {@code jdk.incubator.vector}: floats are loaded at half the preferred width and widened to
 * doubles lane for lane, so the element-wise kernels compute exactly what {@link ScalarKernels} computes.
 * Loaded only through {@link Kernels}, which checks that the module is present first.
 */
final class VectorKernels implements FoldKernels {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Width of the preferred vector shape in bits, for the provider's sanity check. */
    static int preferredBits() {
        return D.vectorBitSize();
    }

    @Override
    public void addScaled(double[] acc, float[] x, double w, int from, int to) {
        DoubleVector wv = DoubleVector.broadcast(D, w);
        int i = from;
        for (int upper = from + D.loopBound(to - from); i < upper; i += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, acc, i);
            widen(x, i).fma(wv, a).intoArray(acc, i);
        }
        for (; i < to; i++) {
            acc[i] = Math.fma(w, x[i], acc[i]);
        }
    }

    @Override
    public void scaleInto(double[] acc, float[] x, double w, int from, int to) {
        DoubleVector wv = DoubleVector.broadcast(D, w);
        DoubleVector zero = DoubleVector.zero(D);
        int i = from;
        for (int upper = from + D.loopBound(to - from); i < upper; i += D.length()) {
            widen(x, i).fma(wv, zero).intoArray(acc, i);
        }
        for (; i < to; i++) {
            acc[i] = Math.fma(w, x[i], 0.0);
        }
    }

    @Override
    public void divideInto(double[] acc, double divisor, float[] out, int from, int to) {
        DoubleVector dv = DoubleVector.broadcast(D, divisor);
        int i = from;
        for (int upper = from + D.loopBound(to - from); i < upper; i += D.length()) {
            DoubleVector q = DoubleVector.fromArray(D, acc, i).div(dv);
            narrow(q).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = (float) (acc[i] / divisor);
        }
    }

    @Override
    public int firstNonFinite(float[] x, int from, int to) {
        int i = from;
        for (int upper = from + F.loopBound(to - from); i < upper; i += F.length()) {
            // x * 0 is +-0 for finite x and NaN for NaN and infinities; NaN != 0 holds
            VectorMask<Float> bad = FloatVector.fromArray(F, x, i).mul(0f).compare(VectorOperators.NE, 0f);
            if (bad.anyTrue()) {
                return i + bad.firstTrue();
            }
        }
        for (; i < to; i++) {
            if (!Float.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public double squaredDistance(float[] a, float[] b, int from, int to) {
        DoubleVector sum = DoubleVector.zero(D);
        int i = from;
        for (int upper = from + D.loopBound(to - from); i < upper; i += D.length()) {
            DoubleVector d = widen(a, i).sub(widen(b, i));
            sum = d.fma(d, sum);
        }
        double s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            double d = (double) a[i] - b[i];
            s = Math.fma(d, d, s);
        }
        return s;
    }

    @Override
    public void shrinkTowards(float[] x, float[] base, double scale, int from, int to) {
        DoubleVector sv = DoubleVector.broadcast(D, scale);
        int i = from;
        for (int upper = from + D.loopBound(to - from); i < upper; i += D.length()) {
            DoubleVector b = widen(base, i);
            narrow(widen(x, i).sub(b).fma(sv, b)).intoArray(x, i);
        }
        for (; i < to; i++) {
            x[i] = (float) Math.fma(scale, (double) x[i] - base[i], base[i]);
        }
    }

    @Override
    public void rankMean(float[][] columns, int lo, int hi, float[] out, int from, int to) {
        int k = columns.length;
        int lanes = HALF.length();
        int[] network = SortingNetwork.pairs(k);
        float[] block = new float[k * lanes];
        DoubleVector count = DoubleVector.broadcast(D, hi - lo);
        int i = from;
        for (int upper = from + HALF.loopBound(to - from); i < upper; i += lanes) {
            for (int c = 0; c < k; c++) {
                FloatVector.fromArray(HALF, columns[c], i).intoArray(block, c * lanes);
            }
            for (int p = 0; p < network.length; p += 2) {
                int a = network[p] * lanes;
                int b = network[p + 1] * lanes;
                FloatVector va = FloatVector.fromArray(HALF, block, a);
                FloatVector vb = FloatVector.fromArray(HALF, block, b);
                va.min(vb).intoArray(block, a);
                va.max(vb).intoArray(block, b);
            }
            DoubleVector sum = DoubleVector.zero(D);
            for (int r = lo; r < hi; r++) {
                sum = sum.add(widen(block, r * lanes));
            }
            narrow(sum.div(count)).intoArray(out, i);
        }
        if (i < to) {
            ScalarKernels.INSTANCE.rankMean(columns, lo, hi, out, i, to);
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, HALF, 0);
    }

    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(HALF, x, i).convertShape(VectorOperators.F2D, D, 0);
    }
}
