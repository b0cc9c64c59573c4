package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * The streaming weighted mean: one double accumulator per parameter, each update folded in as
 * {@code acc += n * x}, the result {@code (float) (acc / sum(n))}. Shared by FedAvg and the server optimisers.
 */
final class WeightedMean implements Combiner {

    private final ModelLayout layout;
    private final FoldKernels kernels;
    private double[][] acc;
    private long totalWeight;

    WeightedMean(ModelLayout layout) {
        this(layout, Kernels.get());
    }

    WeightedMean(ModelLayout layout, FoldKernels kernels) {
        this.layout = layout;
        this.kernels = kernels;
    }

    @Override
    public void add(Update update) {
        if (acc == null) {
            acc = new double[layout.tensorCount()][];
            for (int t = 0; t < acc.length; t++) {
                acc[t] = new double[layout.tensor(t).size()];
            }
        }
        double w = update.sampleCount();
        float[][] x = update.tensors();
        for (int t = 0; t < acc.length; t++) {
            kernels.addScaled(acc[t], x[t], w, 0, acc[t].length);
        }
        totalWeight = Math.addExact(totalWeight, update.sampleCount());
    }

    @Override
    public float[][] finish() {
        float[][] out = new float[acc.length][];
        double divisor = totalWeight;
        for (int t = 0; t < acc.length; t++) {
            out[t] = new float[acc[t].length];
            kernels.divideInto(acc[t], divisor, out[t], 0, out[t].length);
            acc[t] = null;
        }
        acc = null;
        return out;
    }
}
