package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): for each parameter, the {@code floor(beta * K)} smallest
 * and as many largest of the K values are dropped and the rest averaged (sum in double, in sorted order).
 * Every update counts once. Setting {@code beta} in [0, 0.5), default 0.1.
 */
public final class TrimmedMean implements AggregationStrategy {

    public static final String NAME = "TrimmedMean";
    private final double beta;

    public TrimmedMean(double beta) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("beta must be in [0, 0.5), found " + beta);
        }
        this.beta = beta;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public boolean coordinateWise() {
        return true;
    }

    public double beta() {
        return beta;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new Buffered(updates -> {
            int trim = (int) Math.floor(beta * updates.size());
            return RankMeans.apply(updates, layout.tensorCount(), trim, updates.size() - trim);
        });
    }

    /** Registers {@value #NAME}. */
    public static final class Provider implements StrategyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public AggregationStrategy create(StrategySettings settings) {
            return new TrimmedMean(settings.numberBelow("beta", 0.1, 0, 0.5));
        }
    }
}
