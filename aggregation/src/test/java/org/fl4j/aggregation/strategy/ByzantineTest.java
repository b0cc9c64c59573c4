package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.Updates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Robust strategies stay with the honest updates when one of five is arbitrarily bad. */
class ByzantineTest {

    private static final ModelLayout LAYOUT = Updates.layout(5, 300);

    @ParameterizedTest
    @CsvSource({"Median, 1e30", "Median, -3e38", "TrimmedMean, 1e30", "TrimmedMean, -1e20",
            "Krum, 1e30", "Krum, 50", "MultiKrum, 1e30", "GeometricMedian, 1e30", "GeometricMedian, -1e6"})
    void oneBadUpdateOutOfFive_resultStaysWithinHonestRange(String name, float bad) {
        float[][][] good = new float[4][][];
        for (int k = 0; k < 4; k++) {
            good[k] = Updates.random(LAYOUT, k);
        }
        float[][] evil = LAYOUT.newTensors();
        for (float[] t : evil) {
            for (int i = 0; i < t.length; i++) {
                t[i] = (i & 1) == 0 ? bad : -bad;
            }
        }
        Map<String, Object> settings = switch (name) {
            case "TrimmedMean" -> Map.of("beta", 0.2);
            case "Krum", "MultiKrum" -> Map.of("f", 1);
            default -> Map.of();
        };
        RoundAggregation round = AggregationStrategies.create(name, settings).begin(LAYOUT, LAYOUT.newTensors());
        for (int k = 0; k < 4; k++) {
            Updates.send(round, "honest" + k, 10, good[k]);
        }
        Updates.send(round, "evil", 1_000_000, evil);
        float[][] result = round.finish();

        if (name.equals("GeometricMedian")) {
            // within the honest updates' spread around their mean (whole-vector property)
            double spread = 0;
            double off = 0;
            for (int t = 0; t < result.length; t++) {
                for (int i = 0; i < result[t].length; i++) {
                    double mean = 0;
                    for (float[][] g : good) {
                        mean += g[t][i] / 4.0;
                    }
                    off += Math.pow(result[t][i] - mean, 2);
                    for (float[][] g : good) {
                        spread = Math.max(spread, Math.abs(g[t][i] - mean));
                    }
                }
            }
            assertThat(Math.sqrt(off)).isLessThan(spread * Math.sqrt(305));
            return;
        }
        for (int t = 0; t < result.length; t++) {
            for (int i = 0; i < result[t].length; i++) {
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (float[][] g : good) {
                    lo = Math.min(lo, g[t][i]);
                    hi = Math.max(hi, g[t][i]);
                }
                assertThat(result[t][i]).as("tensor %d element %d", t, i).isBetween(lo, hi);
            }
        }
    }
}
