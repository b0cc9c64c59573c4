package org.fl4j.secagg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NeighbourGraphTest {

    private static final byte[] SEED = NeighbourGraph.roundSeed("fl4j-0123456789abcdef", 4);

    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("site-%04d", i)).toList();
    }

    @Test
    void sparse_everyParticipantHasKNeighbours_andTheRelationIsSymmetric() {
        NeighbourGraph g = NeighbourGraph.of(SEED, names(57), 10);

        assertThat(g.isComplete()).isFalse();
        for (String u : g.participants()) {
            List<String> nu = g.neighbours(u);
            assertThat(nu).hasSize(10).doesNotContain(u).isSorted().doesNotHaveDuplicates();
            for (String v : g.participants()) {
                assertThat(g.areNeighbours(u, v)).as("%s %s", u, v).isEqualTo(nu.contains(v));
                assertThat(g.areNeighbours(u, v)).isEqualTo(g.areNeighbours(v, u));
            }
        }
    }

    @Test
    void kAtLeastNMinusOne_isTheCompleteGraph() {
        NeighbourGraph g = NeighbourGraph.of(SEED, names(7), 6);
        NeighbourGraph capped = NeighbourGraph.of(SEED, names(7), 40);

        assertThat(g.isComplete()).isTrue();
        assertThat(capped.degree()).isEqualTo(6);
        assertThat(g.neighbours("site-0003")).hasSize(6).doesNotContain("site-0003");
        assertThat(NeighbourGraph.of(SEED, names(2), 1).neighbours("site-0000")).containsExactly("site-0001");
    }

    @Test
    void of_sameSeedAnyInputOrder_sameGraph_otherRoundOtherGraph() {
        List<String> shuffled = new ArrayList<>(names(200));
        Collections.shuffle(shuffled);
        NeighbourGraph a = NeighbourGraph.of(SEED, names(200), 8);
        NeighbourGraph b = NeighbourGraph.of(SEED, shuffled, 8);
        NeighbourGraph other = NeighbourGraph.of(NeighbourGraph.roundSeed("fl4j-0123456789abcdef", 5), names(200), 8);

        int differ = 0;
        for (String u : a.participants()) {
            assertThat(b.neighbours(u)).isEqualTo(a.neighbours(u));
            if (!other.neighbours(u).equals(a.neighbours(u))) {
                differ++;
            }
        }
        assertThat(differ).isGreaterThan(190);
        assertThat(a.index("site-0000")).isZero();
        assertThat(a.index("site-0199")).isEqualTo(199);
    }

    @Test
    void of_neighboursOfOneParticipant_lookUniformlySpread() {
        // under the keyed permutation a participant's neighbours are a random subset, not its name-order peers
        NeighbourGraph g = NeighbourGraph.of(SEED, names(1000), 10);
        int adjacentInNameOrder = 0;
        for (int i = 0; i < 1000; i++) {
            String u = String.format("site-%04d", i);
            String next = String.format("site-%04d", (i + 1) % 1000);
            if (g.areNeighbours(u, next)) {
                adjacentInNameOrder++;
            }
        }
        // expected 1000 x 10 / 999, about 10
        assertThat(adjacentInNameOrder).isBetween(0, 40);
    }

    @Test
    void of_badInput_isRefused() {
        assertThatThrownBy(() -> NeighbourGraph.of(SEED, names(1), 1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> NeighbourGraph.of(SEED, List.of("a", "a", "b"), 2)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> NeighbourGraph.of(SEED, names(20), 5)).hasMessageContaining("even");
        assertThatThrownBy(() -> NeighbourGraph.of(SEED, names(20), 4).index("nobody"))
                .hasMessageContaining("not a participant");
    }
}
