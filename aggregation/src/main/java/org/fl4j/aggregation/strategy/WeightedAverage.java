package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;

/** FedAvg: the mean of the updates weighted by sample count, streamed. No settings. */
public final class WeightedAverage implements AggregationStrategy {

    public static final String NAME = "WeightedAverage";

    private final Accumulators accumulators = new Accumulators();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public boolean coordinateWise() {
        return true;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new WeightedMean(layout, accumulators);
    }

    /** Registers {@value #NAME}. */
    public static final class Provider implements StrategyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public WeightedAverage create(StrategySettings settings) {
            return new WeightedAverage();
        }
    }
}
