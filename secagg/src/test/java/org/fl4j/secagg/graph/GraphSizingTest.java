package org.fl4j.secagg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The figures of docs/security.md, cross-checked with an independent computation (Python, math.lgamma). */
class GraphSizingTest {

    @Test
    void threshold_fractionOfNeighbours_roundedUp() {
        assertThat(GraphSizing.threshold(1, 0.66)).isEqualTo(1);
        assertThat(GraphSizing.threshold(9, 0.66)).isEqualTo(6);
        assertThat(GraphSizing.threshold(50, 0.66)).isEqualTo(33);
        assertThat(GraphSizing.threshold(99, 0.66)).isEqualTo(66);
        assertThat(GraphSizing.threshold(10, 1.0)).isEqualTo(10);
        assertThat(GraphSizing.threshold(10, 0.51)).isEqualTo(6);
    }

    @Test
    void autoNeighbours_completeUpTo100_thenTheAnalysis() {
        assertThat(GraphSizing.autoNeighbours(2, 0.66)).isEqualTo(1);
        assertThat(GraphSizing.autoNeighbours(100, 0.66)).isEqualTo(99);
        int[][] expected = {{101, 60}, {150, 86}, {200, 106}, {500, 186}, {1000, 242}, {2000, 292}, {5000, 336},
            {10_000, 362}};
        for (int[] e : expected) {
            assertThat(GraphSizing.autoNeighbours(e[0], 0.66)).as("n = %s", e[0]).isEqualTo(e[1]);
        }
    }

    @Test
    void failureProbabilities_matchTheIndependentComputation() {
        assertThat(GraphSizing.log2PrivacyFailure(1000, 242, 160, 0.10)).isCloseTo(-98.9, within(0.1));
        assertThat(GraphSizing.log2PrivacyFailure(1000, 242, 160, 0.15)).isCloseTo(-40.4, within(0.1));
        assertThat(GraphSizing.log2PrivacyFailure(10_000, 362, 239, 0.20)).isCloseTo(-12.0, within(0.1));
        assertThat(GraphSizing.log2RoundFailure(1000, 242, 160, 0.20)).isCloseTo(-20.2, within(0.1));
        assertThat(GraphSizing.log2RoundFailure(10_000, 362, 239, 0.30)).isCloseTo(8.7, within(0.1));
        assertThat(GraphSizing.log2PrivacyFailure(101, 60, 40, 0.10)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void neighbours_explicit_cappedAtNMinusOne() {
        assertThat(GraphSizing.neighbours(10, OptionalInt.of(20), 0.66)).isEqualTo(9);
        assertThat(GraphSizing.neighbours(500, OptionalInt.of(20), 0.66)).isEqualTo(20);
        assertThat(GraphSizing.neighbours(500, OptionalInt.empty(), 0.66)).isEqualTo(186);
    }
}
