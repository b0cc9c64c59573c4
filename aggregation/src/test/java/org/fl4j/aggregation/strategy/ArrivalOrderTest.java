package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.Updates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every strategy gives bit-identical results for all 120 arrival orders of 5 updates. */
class ArrivalOrderTest {

    private static final ModelLayout LAYOUT = Updates.layout(3, 17, 100);

    @ParameterizedTest
    @ValueSource(strings = {"WeightedAverage", "FedAvgM", "FedAdam", "FedYogi", "FedAdagrad", "Median",
            "TrimmedMean", "Krum", "MultiKrum", "GeometricMedian", "WeightedAverage+clip", "Median+clip"})
    void finish_allPermutationsOfFiveUpdates_bitIdentical(String spec) {
        String name = spec.replace("+clip", "");
        Map<String, Object> settings = new java.util.HashMap<>();
        if (spec.endsWith("+clip")) {
            settings.put("clip_norm", 3.0);
        }
        if (name.contains("Krum")) {
            settings.put("f", 1);
        }
        float[][] global = Updates.random(LAYOUT, 100);
        float[][][] updates = new float[5][][];
        for (int k = 0; k < 5; k++) {
            updates[k] = Updates.random(LAYOUT, k);
        }
        List<int[]> orders = new ArrayList<>();
        permute(new int[] {0, 1, 2, 3, 4}, 0, orders);

        float[][] first = null;
        for (int[] order : orders) {
            RoundAggregation round = AggregationStrategies.create(name, settings).begin(LAYOUT, global);
            for (int k : order) {
                Updates.send(round, "c" + k, 10L * k + 1, updates[k], 7);
            }
            float[][] result = round.finish();
            if (first == null) {
                first = result;
            }
            assertThat(result).as("order %s", java.util.Arrays.toString(order)).isDeepEqualTo(first);
        }
    }

    static void permute(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }
}
