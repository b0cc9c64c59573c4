package org.fl4j.aggregator.privacy;

import java.util.Optional;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyState;
import org.fl4j.privacy.noise.SecureGaussian;

/**
 * The plan's strategy behind client-level DP-FedAvg: each round's updates are clipped and summed, the sum is
 * noised and divided ({@link ClippedSum}), and the strategy sees only that one noisy update. It keeps the
 * strategy's name, state and checkpoint; it never accepts non-finite values (the clip needs a norm), and it
 * streams: the accumulator and the noisy update (one double and one float copy of the model) are kept from
 * round to round, and no update is copied. Rounds run one at a time, as the aggregator's do.
 */
final class DpFedAvg implements AggregationStrategy {

    /** The name of the one update the inner strategy receives. */
    static final String CONTRIBUTOR = "dp-fedavg";

    private final AggregationStrategy inner;
    private final ClientPrivacy privacy;
    private final SecureGaussian noise = new SecureGaussian();
    private ModelLayout layout;
    private double[][] sum;
    private float[][] average;

    DpFedAvg(AggregationStrategy inner, ClientPrivacy privacy) {
        if (!inner.streaming()) {
            throw new IllegalArgumentException("privacy.settings.level client needs a strategy that folds updates as"
                    + " they come (WeightedAverage or a server optimizer), and " + inner.name() + " does not");
        }
        this.inner = inner;
        this.privacy = privacy;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean streaming() {
        return true;
    }

    /** The clip scale depends on each whole update's norm. */
    @Override
    public boolean coordinateWise() {
        return false;
    }

    @Override
    public synchronized Combiner combiner(ModelLayout layout, float[][] globalModel) {
        if (!layout.equals(this.layout)) {
            this.layout = layout;
            sum = new double[layout.tensorCount()][];
            for (int t = 0; t < sum.length; t++) {
                sum[t] = new double[layout.tensor(t).size()];
            }
            average = layout.newTensors();
        } else {
            for (double[] s : sum) {
                java.util.Arrays.fill(s, 0);
            }
        }
        RoundPlan plan = privacy.roundPlan(layout.parameterCount());
        return new ClippedSum(layout, globalModel, plan, inner.combiner(layout, globalModel), noise, sum, average,
                privacy::released);
    }

    @Override
    public Optional<StrategyState> exportState() {
        return inner.exportState();
    }

    @Override
    public void restoreState(StrategyState state) {
        inner.restoreState(state);
    }
}
