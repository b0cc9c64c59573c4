package org.fl4j.aggregator.privacy;

import java.util.Optional;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyState;
import org.fl4j.aggregation.Update;

/**
 * The plan's strategy behind client-level DP under secure aggregation (distributed DP). The sites have clipped
 * their updates and added their shares of discrete Gaussian noise before masking, so the round's only update is
 * the unmasked sum, dequantised and divided by the n survivors whose inputs it holds (its sample count is n:
 * every site counts with weight 1). This stage multiplies the difference to the global model by n / m, m the
 * fixed number of collaborators the assigner gives a train task (as {@link ClippedSum} divides by m, not by who
 * came), records the release in the journal and the accountant before the model can leave, and hands
 * {@code g + noisy sum / m} to the plan's strategy. It adds no noise and never sees an individual update.
 */
final class DistributedDpFedAvg implements AggregationStrategy {

    private final AggregationStrategy inner;
    private final ClientPrivacy privacy;

    DistributedDpFedAvg(AggregationStrategy inner, ClientPrivacy privacy) {
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

    @Override
    public boolean coordinateWise() {
        return false;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        Combiner next = inner.combiner(layout, globalModel);
        return new Combiner() {
            private float[][] sum;
            private int survivors;

            @Override
            public void add(Update update) {
                if (sum != null) {
                    throw new IllegalStateException("distributed DP takes one update a round, the unmasked sum;"
                            + " a second came from " + update.contributor());
                }
                survivors = Math.toIntExact(update.sampleCount());
                double scale = (double) survivors / privacy.participants();
                float[][] x = update.tensors();
                sum = layout.newTensors();
                for (int t = 0; t < x.length; t++) {
                    float[] g = globalModel[t];
                    for (int i = 0; i < g.length; i++) {
                        sum[t][i] = (float) (g[i] + scale * ((double) x[t][i] - g[i]));
                    }
                }
            }

            @Override
            public float[][] finish() {
                return finish(null);
            }

            @Override
            public float[][] finish(float[][] into) {
                privacy.released(survivors, Double.NaN);
                next.add(new Update(DpFedAvg.CONTRIBUTOR, 1, sum));
                return into != null ? next.finish(into) : next.finish();
            }
        };
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
