package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fl4j.aggregation.strategy.Rounds.run;

import java.util.Map;
import org.fl4j.aggregation.StrategySettingsException;
import org.junit.jupiter.api.Test;

/** Small cases computed by hand; each update is one tensor, update k has sample count k + 1. */
class RobustStrategiesTest {

    private static final float[] ZERO2 = {0, 0};

    @Test
    void median_oddAndEvenCounts() {
        assertThat(run("Median", Map.of(), ZERO2, new float[] {1, -1}, new float[] {5, -5}, new float[] {3, 9}))
                .containsExactly(3, -1);
        assertThat(run("Median", Map.of(), ZERO2,
                new float[] {1, 0}, new float[] {2, 0}, new float[] {3, 1}, new float[] {10, 1}))
                .containsExactly(2.5f, 0.5f);
    }

    @Test
    void median_ignoresSampleCounts() {
        // update c2 claims 3 samples; a weighted median would pick 7
        assertThat(run("Median", Map.of(), new float[1], new float[] {1}, new float[] {2}, new float[] {7}))
                .containsExactly(2);
    }

    @Test
    void trimmedMean_dropsFloorBetaKFromEachEnd() {
        float[][] five = {{1}, {2}, {3}, {4}, {100}};
        assertThat(run("TrimmedMean", Map.of("beta", 0.2), new float[1], five)).containsExactly(3);
        // floor(0.19 * 5) = 0: plain mean
        assertThat(run("TrimmedMean", Map.of("beta", 0.19), new float[1], five)).containsExactly(22);
        assertThat(run("TrimmedMean", Map.of("beta", 0.4), new float[1], five)).containsExactly(3);
        assertThat(run("TrimmedMean", Map.of("beta", "0.25"), new float[1],
                new float[] {1}, new float[] {2}, new float[] {4}, new float[] {8})).containsExactly(3);
    }

    @Test
    void krum_picksUpdateClosestToItsNeighbours() {
        // f = 1, K = 5: scores over 2 nearest: c0 1+4=5, c1 1+1=2, c2 1+1=2, c3 1+4=5, c4 huge
        float[][] u = {{0}, {1}, {2}, {3}, {100}};
        assertThat(run("Krum", Map.of("f", 1), new float[1], u)).containsExactly(1);
        assertThat(run("MultiKrum", Map.of("f", 1, "m", 2), new float[1], u)).containsExactly(1.5f);
        // tie between c0 and c3 at score 5 goes to c0
        assertThat(run("MultiKrum", Map.of("f", 1, "m", 3), new float[1], u)).containsExactly(1);
        // m defaults to K - f = 4: everything but the outlier
        assertThat(run("MultiKrum", Map.of("f", 1), new float[1], u)).containsExactly(1.5f);
    }

    @Test
    void krum_fTooLargeForRound_settingsErrorNamingF() {
        float[][] u = {{0}, {1}, {2}, {3}, {100}};
        assertThatThrownBy(() -> run("Krum", Map.of("f", 2), new float[1], u))
                .isInstanceOfSatisfying(StrategySettingsException.class, e -> {
                    assertThat(e.setting()).isEqualTo("f");
                    assertThat(e.value()).isEqualTo(2);
                })
                .hasMessage("f = 2: Krum with f = 2 needs at least 7 updates (2f + 3), this round accepted 5");
        assertThatThrownBy(() -> run("MultiKrum", Map.of("f", 1, "m", 5), new float[1], u))
                .isInstanceOf(StrategySettingsException.class)
                .hasMessageContaining("m = 5: must be at most the number of updates minus f, 4 this round");
    }

    @Test
    void geometricMedian_oneDimension_isTheMedian() {
        float[] r = run("GeometricMedian", Map.of("tolerance", 1e-12, "max_iterations", 1000), new float[1],
                new float[] {0}, new float[] {1}, new float[] {2}, new float[] {3}, new float[] {100});
        assertThat(r[0]).isCloseTo(2f, within(1e-4f));
    }

    @Test
    void geometricMedian_rightTriangle_minimisesSumOfDistances() {
        float[][] pts = {{0, 0}, {4, 0}, {0, 3}};
        float[] z = run("GeometricMedian", Map.of("tolerance", 1e-12, "max_iterations", 10_000), ZERO2, pts);
        double best = distanceSum(pts, z[0], z[1]);
        for (double[] step : new double[][] {{1e-3, 0}, {-1e-3, 0}, {0, 1e-3}, {0, -1e-3}}) {
            assertThat(distanceSum(pts, z[0] + step[0], z[1] + step[1])).isGreaterThan(best);
        }
        // Fermat point: the three sides are seen at 120 degrees
        double a1 = Math.atan2(-z[1], -z[0]);
        double a2 = Math.atan2(-z[1], 4 - z[0]);
        assertThat(Math.toDegrees(Math.abs(a1 - a2))).isCloseTo(120, within(0.05));
    }

    @Test
    void geometricMedian_stopsAtMaxIterations() {
        GeometricMedian gm = new GeometricMedian(2, 1e-15, 1e-8);
        Rounds.run(gm, ZERO2, new float[] {0, 0}, new float[] {4, 0}, new float[] {0, 3});
        assertThat(gm.lastIterations()).isEqualTo(2);
    }

    @Test
    void settings_outOfRange_nameSettingAndValue() {
        assertThatThrownBy(() -> run("TrimmedMean", Map.of("beta", 0.5), new float[1], new float[] {1}))
                .isInstanceOf(StrategySettingsException.class).hasMessage("beta = 0.5: must be in [0.0, 0.5)");
        assertThatThrownBy(() -> run("TrimmedMean", Map.of("beta", -0.1), new float[1], new float[] {1}))
                .hasMessageStartingWith("beta = -0.1");
        assertThatThrownBy(() -> run("Krum", Map.of("f", -1), new float[1], new float[] {1}))
                .hasMessage("f = -1: must be in [0, 1000000]");
        assertThatThrownBy(() -> run("MultiKrum", Map.of("m", 0), new float[1], new float[] {1}))
                .hasMessage("m = 0: must be in [1, 1000000]");
        assertThatThrownBy(() -> run("GeometricMedian", Map.of("max_iterations", 0), new float[1], new float[] {1}))
                .hasMessageStartingWith("max_iterations = 0");
        assertThatThrownBy(() -> run("GeometricMedian", Map.of("tolerance", "tight"), new float[1], new float[] {1}))
                .hasMessage("tolerance = 'tight': expected a number");
        assertThatThrownBy(() -> run("Krum", Map.of("f", 1.5), new float[1], new float[] {1}))
                .hasMessage("f = 1.5: expected an integer");
    }

    private static double distanceSum(float[][] pts, double x, double y) {
        double s = 0;
        for (float[] p : pts) {
            s += Math.hypot(p[0] - x, p[1] - y);
        }
        return s;
    }
}
