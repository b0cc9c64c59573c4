package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * The streaming weighted mean: one double accumulator per parameter, each update folded in as
 * {@code acc += n * x} (one fused multiply-add), the result {@code (float) (acc / sum(n))}. Shared by FedAvg
 * and the server optimisers. Memory: the 8-byte accumulator a parameter, kept from round to round by the
 * strategy that owns it ({@link Accumulators}), plus the 4-byte result.
 *
 * <p><b>Precision and order.</b> {@code n * x} is exact in double for sample counts below 2^29 (24-bit float
 * significand times a 29-bit integer), and so is every sum whose terms for one parameter fit in 53 bits,
 * which makes the result the correctly rounded weighted mean, the same for every arrival order. When the
 * terms span more bits (values many binades apart, or large counts) each addition rounds at 2^-53 relative,
 * 2^29 times finer than float32's 2^-24: the result stays within 1 ulp of the exact mean (unless the terms
 * cancel by more than 2^28), and two arrival orders can only give different floats when the exact mean
 * lies within about {@code K * 2^-53} (relative) of a float rounding boundary. An exact accumulator
 * (double-double or wider) would remove that residue but costs 16 or more bytes a parameter, beyond the
 * 3x-model memory budget.
 */
final class WeightedMean implements Combiner {

    private final ModelLayout layout;
    private final FoldKernels kernels;
    private final Accumulators accumulators;
    private double[][] acc;
    private long totalWeight;

    /** A mean whose accumulator is allocated for it and dropped after. */
    WeightedMean(ModelLayout layout) {
        this(layout, Kernels.get(), new Accumulators());
    }

    /** A mean whose accumulator comes from, and goes back to, {@code accumulators}. */
    WeightedMean(ModelLayout layout, Accumulators accumulators) {
        this(layout, Kernels.get(), accumulators);
    }

    WeightedMean(ModelLayout layout, FoldKernels kernels, Accumulators accumulators) {
        this.layout = layout;
        this.kernels = kernels;
        this.accumulators = accumulators;
    }

    @Override
    public void add(Update update) {
        double w = update.sampleCount();
        float[][] x = update.tensors();
        if (acc == null) {
            acc = accumulators.take(layout);
            for (int t = 0; t < acc.length; t++) {
                kernels.scaleInto(acc[t], x[t], w, 0, acc[t].length);
            }
        } else {
            for (int t = 0; t < acc.length; t++) {
                kernels.addScaled(acc[t], x[t], w, 0, acc[t].length);
            }
        }
        totalWeight = Math.addExact(totalWeight, update.sampleCount());
    }

    @Override
    public float[][] finish() {
        return finish(null);
    }

    /** Writes the mean into {@code into} (or, when null, into arrays allocated tensor by tensor). */
    @Override
    public float[][] finish(float[][] into) {
        float[][] out = into != null ? into : new float[acc.length][];
        double divisor = totalWeight;
        for (int t = 0; t < acc.length; t++) {
            if (into == null) {
                out[t] = new float[acc[t].length];
            }
            kernels.divideInto(acc[t], divisor, out[t], 0, out[t].length);
        }
        accumulators.give(layout, acc);
        acc = null;
        return out;
    }
}
