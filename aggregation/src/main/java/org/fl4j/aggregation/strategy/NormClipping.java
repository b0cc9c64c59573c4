package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * Update-norm clipping in front of any strategy: an update {@code x} whose difference to the global model
 * {@code g} has an L2 norm above {@code maxNorm} (over all tensors) becomes {@code g + (x - g) * maxNorm /
 * ||x - g||} before the wrapped strategy sees it. Selected with the {@code clip_norm} setting.
 */
public final class NormClipping extends ForwardingStrategy {

    private final double maxNorm;
    private final FoldKernels kernels = Kernels.get();

    public NormClipping(AggregationStrategy inner, double maxNorm) {
        super(inner);
        if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("maxNorm must be positive and finite, found " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    /** The clipping scale depends on the whole update's norm. */
    @Override
    public boolean coordinateWise() {
        return false;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        Combiner next = inner().combiner(layout, globalModel);
        return new Combiner() {
            @Override
            public void add(Update update) {
                clip(update.tensors(), globalModel);
                next.add(update);
            }

            @Override
            public float[][] finish() {
                return next.finish();
            }

            @Override
            public float[][] finish(float[][] into) {
                return next.finish(into);
            }
        };
    }

    private void clip(float[][] x, float[][] g) {
        double squared = 0;
        for (int t = 0; t < x.length; t++) {
            squared += kernels.squaredDistance(x[t], g[t], 0, x[t].length);
        }
        double norm = Math.sqrt(squared);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int t = 0; t < x.length; t++) {
                kernels.shrinkTowards(x[t], g[t], scale, 0, x[t].length);
            }
        }
    }
}
