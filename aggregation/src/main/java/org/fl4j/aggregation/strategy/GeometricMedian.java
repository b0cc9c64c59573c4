package org.fl4j.aggregation.strategy;

import java.util.Arrays;
import java.util.List;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * Geometric median of the updates (the point minimising the sum of L2 distances to them) by Weiszfeld's
 * algorithm smoothed as in RFA (Pillutla et al. 2022): start from the mean, then repeatedly
 * {@code z = sum(x_k / max(eps, |z - x_k|)) / sum(1 / max(eps, |z - x_k|))} until a step moves {@code z} by
 * at most {@code tolerance} times the median distance from {@code z} to the updates (a scale that one far
 * outlier cannot inflate), or {@code max_iterations} steps were made. Every update counts once.
 * Memory beyond the buffered updates: two float estimates and one double accumulator (16 bytes a parameter).
 * Settings: {@code max_iterations} (100), {@code tolerance} (1e-6), {@code epsilon} (1e-8).
 */
public final class GeometricMedian implements AggregationStrategy {

    public static final String NAME = "GeometricMedian";

    private final int maxIterations;
    private final double tolerance;
    private final double epsilon;
    private final FoldKernels kernels = Kernels.get();
    private volatile int lastIterations;

    public GeometricMedian(int maxIterations, double tolerance, double epsilon) {
        if (maxIterations < 1 || !(tolerance > 0) || !(epsilon > 0)) {
            throw new IllegalArgumentException("max_iterations >= 1, tolerance > 0, epsilon > 0 required");
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    /** Weiszfeld steps made in the last finished round. */
    public int lastIterations() {
        return lastIterations;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new Buffered(updates -> solve(layout, updates));
    }

    private float[][] solve(ModelLayout layout, List<Update> updates) {
        WeightedMean mean = new WeightedMean(layout);
        for (Update u : updates) {
            mean.add(new Update(u.contributor(), 1, u.tensors()));
        }
        float[][] z = mean.finish();
        float[][] previous = layout.newTensors();
        double[][] acc = new double[z.length][];
        for (int t = 0; t < z.length; t++) {
            acc[t] = new double[z[t].length];
        }
        double[] dist = distances(updates, z);
        int steps = 0;
        while (steps < maxIterations) {
            double total = 0;
            for (double[] a : acc) {
                Arrays.fill(a, 0);
            }
            for (int k = 0; k < updates.size(); k++) {
                double w = 1 / Math.max(epsilon, dist[k]);
                total += w;
                float[][] x = updates.get(k).tensors();
                for (int t = 0; t < z.length; t++) {
                    kernels.addScaled(acc[t], x[t], w, 0, z[t].length);
                }
            }
            float[][] swap = previous;
            previous = z;
            z = swap;
            double moved = 0;
            for (int t = 0; t < z.length; t++) {
                kernels.divideInto(acc[t], total, z[t], 0, z[t].length);
                moved += kernels.squaredDistance(z[t], previous[t], 0, z[t].length);
            }
            steps++;
            dist = distances(updates, z);
            if (Math.sqrt(moved) <= tolerance * median(dist)) {
                break;
            }
        }
        lastIterations = steps;
        return z;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return (n & 1) == 1 ? v[n >> 1] : (v[(n >> 1) - 1] + v[n >> 1]) / 2;
    }

    private double[] distances(List<Update> updates, float[][] z) {
        double[] d = new double[updates.size()];
        for (int k = 0; k < d.length; k++) {
            float[][] x = updates.get(k).tensors();
            double s = 0;
            for (int t = 0; t < z.length; t++) {
                s += kernels.squaredDistance(x[t], z[t], 0, z[t].length);
            }
            d[k] = Math.sqrt(s);
        }
        return d;
    }

    /** Registers {@value #NAME}. */
    public static final class Provider implements StrategyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public AggregationStrategy create(StrategySettings settings) {
            return new GeometricMedian(settings.integer("max_iterations", 100, 1, 100_000),
                    settings.positive("tolerance", 1e-6), settings.positive("epsilon", 1e-8));
        }
    }
}
