package org.fl4j.aggregation.strategy;

import java.util.Arrays;
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
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new Buffered(updates -> CoordinateWise.apply(updates, layout.tensorCount(), Median::median));
    }

    static float median(float[] v) {
        Arrays.sort(v);
        int n = v.length;
        return (n & 1) == 1 ? v[n >> 1] : (float) (((double) v[(n >> 1) - 1] + v[n >> 1]) / 2);
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
