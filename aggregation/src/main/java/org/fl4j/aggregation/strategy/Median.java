package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;

/**
 * Coordinate-wise median (Yin et al. 2018): each parameter becomes the median of the updates' values, the
 * mean of the two middle ones for an even count. Every update counts once whatever its sample count (a
 * Byzantine collaborator could claim any count). Needs all updates at once. No settings.
 */
public final class Median implements AggregationStrategy {

    public static final String NAME = "Median";

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

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new Buffered(updates -> {
            int n = updates.size();
            int lo = (n - 1) / 2;
            return RankMeans.apply(updates, layout.tensorCount(), lo, n - lo);
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
            return new Median();
        }
    }
}
