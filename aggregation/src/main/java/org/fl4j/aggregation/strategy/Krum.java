package org.fl4j.aggregation.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;
import org.fl4j.aggregation.StrategySettingsException;
import org.fl4j.aggregation.Update;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017). With K updates of which at most {@code f} may be Byzantine,
 * each update's score is the sum of squared L2 distances to its {@code K - f - 2} nearest other updates;
 * the {@code m} updates with the lowest scores (ties to the smaller contributor name) are averaged, every
 * one counting once. Krum is {@code m = 1}. Requires {@code K >= 2f + 3} and {@code m <= K - f}; a round
 * that does not meet them fails with a {@link StrategySettingsException} naming the setting.
 * Settings: {@code f} (default 0), and for MultiKrum {@code m} (default {@code K - f}).
 */
public final class Krum implements AggregationStrategy {

    private final String name;
    private final int f;
    private final int m;

    /**
     * @param f Byzantine updates tolerated, at least 0
     * @param m updates averaged, at least 1, or 0 for "all but f"
     */
    public Krum(String name, int f, int m) {
        if (f < 0 || m < 0) {
            throw new IllegalArgumentException("f and m must be >= 0, found f=" + f + " m=" + m);
        }
        this.name = name;
        this.f = f;
        this.m = m;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        return new Buffered(updates -> {
            List<Update> chosen = select(updates);
            WeightedMean mean = new WeightedMean(layout);
            for (Update u : chosen) {
                mean.add(new Update(u.contributor(), 1, u.tensors()));
            }
            return mean.finish();
        });
    }

    /** The updates Krum keeps, in contributor-name order. */
    List<Update> select(List<Update> updates) {
        int k = updates.size();
        if (k < 2 * f + 3) {
            throw new StrategySettingsException("f", f, name + " with f = " + f + " needs at least "
                    + (2 * f + 3) + " updates (2f + 3), this round accepted " + k);
        }
        int keep = m == 0 ? k - f : m;
        if (keep > k - f) {
            throw new StrategySettingsException("m", m, "must be at most the number of updates minus f, "
                    + (k - f) + " this round (" + k + " updates, f = " + f + ")");
        }
        double[][] d = PairwiseDistances.squared(updates);
        double[] scores = scores(d, k - f - 2);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparing(i -> i));
        List<Integer> kept = new ArrayList<>(order.subList(0, keep));
        kept.sort(null);
        List<Update> chosen = new ArrayList<>();
        for (int i : kept) {
            chosen.add(updates.get(i));
        }
        return chosen;
    }

    static double[] scores(double[][] d, int neighbours) {
        int k = d.length;
        double[] scores = new double[k];
        double[] row = new double[k - 1];
        for (int i = 0; i < k; i++) {
            int n = 0;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    row[n++] = d[i][j];
                }
            }
            Arrays.sort(row);
            double s = 0;
            for (int j = 0; j < neighbours; j++) {
                s += row[j];
            }
            scores[i] = s;
        }
        return scores;
    }

    /** {@code Krum}: setting {@code f}. */
    public static final class KrumProvider implements StrategyProvider {
        @Override
        public String name() {
            return "Krum";
        }

        @Override
        public AggregationStrategy create(StrategySettings settings) {
            return new Krum("Krum", settings.integer("f", 0, 0, 1_000_000), 1);
        }
    }

    /** {@code MultiKrum}: settings {@code f} and {@code m}. */
    public static final class MultiKrumProvider implements StrategyProvider {
        @Override
        public String name() {
            return "MultiKrum";
        }

        @Override
        public AggregationStrategy create(StrategySettings settings) {
            return new Krum("MultiKrum", settings.integer("f", 0, 0, 1_000_000),
                    settings.integer("m", 0, 1, 1_000_000));
        }
    }
}
