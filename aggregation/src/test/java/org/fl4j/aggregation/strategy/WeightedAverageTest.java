package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.Updates;
import org.fl4j.aggregation.kernel.Kernels;
import org.fl4j.aggregation.kernel.ParallelKernels;
import org.junit.jupiter.api.Test;

class WeightedAverageTest {

    private static final ModelLayout LAYOUT = Updates.layout(1, 7, 17, 1025, 3000);
    private static final long[] SAMPLES = {60_000, 1, 777, 12_345, 3};

    /** Five updates whose values span many binades and both signs, so sums cancel and round. */
    private static float[][][] hardUpdates() {
        Random rnd = new Random(42);
        float[][][] u = new float[SAMPLES.length][][];
        for (int k = 0; k < u.length; k++) {
            u[k] = LAYOUT.newTensors();
            for (float[] t : u[k]) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(24) - 12));
                }
            }
        }
        return u;
    }

    @Test
    void finish_withinOneUlpOfExactWeightedMean() {
        float[][][] u = hardUpdates();
        RoundAggregation round = new WeightedAverage().begin(LAYOUT, LAYOUT.newTensors());
        for (int k = 0; k < u.length; k++) {
            Updates.send(round, "c" + k, SAMPLES[k], u[k], 100);
        }
        float[][] result = round.finish();

        BigDecimal total = BigDecimal.ZERO;
        for (long n : SAMPLES) {
            total = total.add(BigDecimal.valueOf(n));
        }
        int exactlyRounded = 0;
        int count = 0;
        for (int t = 0; t < result.length; t++) {
            for (int i = 0; i < result[t].length; i++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int k = 0; k < u.length; k++) {
                    sum = sum.add(new BigDecimal(u[k][t][i]).multiply(BigDecimal.valueOf(SAMPLES[k])));
                }
                BigDecimal exact = sum.divide(total, MathContext.DECIMAL128);
                BigDecimal error = new BigDecimal(result[t][i]).subtract(exact).abs();
                assertThat(error).as("tensor %d element %d", t, i)
                        .isLessThanOrEqualTo(new BigDecimal(Math.ulp(result[t][i])));
                exactlyRounded += result[t][i] == exact.floatValue() ? 1 : 0;
                count++;
            }
        }
        assertThat(exactlyRounded).as("correctly rounded results").isEqualTo(count);
    }

    @Test
    void finish_everyArrivalOrderOfFiveUpdates_bitIdentical() {
        float[][][] u = hardUpdates();
        List<int[]> orders = new ArrayList<>();
        permutations(new int[] {0, 1, 2, 3, 4}, 0, orders);
        assertThat(orders).hasSize(120);

        float[][] first = null;
        for (int[] order : orders) {
            RoundAggregation round = new WeightedAverage().begin(LAYOUT, LAYOUT.newTensors());
            for (int k : order) {
                Updates.send(round, "c" + k, SAMPLES[k], u[k], 333);
            }
            float[][] result = round.finish();
            if (first == null) {
                first = result;
            }
            assertThat(result).isDeepEqualTo(first);
        }
    }

    @Test
    void combiner_scalarVectorAndParallel_bitIdentical() {
        float[][][] u = hardUpdates();
        float[][] scalar = combine(new WeightedMean(LAYOUT, Kernels.scalar(), new Accumulators()), u);
        float[][] best = combine(new WeightedMean(LAYOUT, Kernels.vector().orElse(Kernels.scalar()),
                new Accumulators()), u);
        float[][] split = combine(new WeightedMean(LAYOUT,
                new ParallelKernels(Kernels.vector().orElse(Kernels.scalar()), 64), new Accumulators()), u);
        assertThat(best).isDeepEqualTo(scalar);
        assertThat(split).isDeepEqualTo(scalar);
    }

    /** Round after round through one strategy: the accumulator is reused, stale values and all, bit-exactly. */
    @Test
    void rounds_reuseTheAccumulator_sameBitsAsAFreshOne() {
        Accumulators shared = new Accumulators();
        for (int round = 0; round < 3; round++) {
            float[][][] u = hardUpdates();
            u[0][3][round] = -0.0f;
            float[][] fresh = combine(new WeightedMean(LAYOUT, Kernels.get(), new Accumulators()), u);
            float[][] reused = combine(new WeightedMean(LAYOUT, Kernels.get(), shared), u);
            assertThat(reused).isDeepEqualTo(fresh);
        }
        double[][] kept = shared.take(LAYOUT);
        shared.give(LAYOUT, kept);
        assertThat(shared.take(LAYOUT)).isSameAs(kept);
        assertThat(shared.take(LAYOUT)).isNotSameAs(kept);
        shared.give(LAYOUT, kept);
        assertThat(shared.take(Updates.layout(3))).isNotSameAs(kept);
    }

    @Test
    void finish_sameUpdateTwice_returnsItExactly() {
        float[][] x = Updates.random(LAYOUT, 9);
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of())
                .begin(LAYOUT, LAYOUT.newTensors());
        Updates.send(round, "a", 123_456_789, x);
        Updates.send(round, "b", 3, x);
        assertThat(round.finish()).isDeepEqualTo(x);
    }

    @Test
    void create_defaultName_isWeightedAverage() {
        AggregationStrategy s = AggregationStrategies.create(null, Map.of());
        assertThat(s.name()).isEqualTo("WeightedAverage");
        assertThat(s.streaming()).isTrue();
        assertThat(s.exportState()).isEmpty();
    }

    private static float[][] combine(WeightedMean mean, float[][][] updates) {
        for (int k = 0; k < updates.length; k++) {
            float[][] copy = new float[updates[k].length][];
            for (int t = 0; t < copy.length; t++) {
                copy[t] = updates[k][t].clone();
            }
            mean.add(new Update("c" + k, SAMPLES[k], copy));
        }
        return mean.finish();
    }

    private static void permutations(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permutations(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }
}
