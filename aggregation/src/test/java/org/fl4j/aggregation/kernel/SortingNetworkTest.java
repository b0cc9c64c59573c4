package org.fl4j.aggregation.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortingNetworkTest {

    @Test
    void pairs_sortEveryZeroOneInput_upTo14() {
        // zero-one principle: a comparator network that sorts all 0/1 inputs sorts everything
        for (int k = 1; k <= 14; k++) {
            int[] net = SortingNetwork.pairs(k);
            for (int bits = 0; bits < 1 << k; bits++) {
                int[] v = new int[k];
                for (int i = 0; i < k; i++) {
                    v[i] = (bits >>> i) & 1;
                }
                apply(net, v);
                for (int i = 1; i < k; i++) {
                    assertThat(v[i - 1]).as("k=%d input=%s", k, Integer.toBinaryString(bits)).isLessThanOrEqualTo(v[i]);
                }
            }
        }
    }

    @Test
    void pairs_sortLikeArraysSort_upTo70_includingSignedZeros() {
        Random rnd = new Random(1);
        for (int k = 1; k <= 70; k++) {
            int[] net = SortingNetwork.pairs(k);
            for (int trial = 0; trial < 50; trial++) {
                float[] v = new float[k];
                for (int i = 0; i < k; i++) {
                    v[i] = switch (rnd.nextInt(4)) {
                        case 0 -> 0.0f;
                        case 1 -> -0.0f;
                        default -> (float) rnd.nextGaussian();
                    };
                }
                float[] expected = v.clone();
                Arrays.sort(expected);
                for (int p = 0; p < net.length; p += 2) {
                    float a = v[net[p]];
                    float b = v[net[p + 1]];
                    v[net[p]] = Math.min(a, b);
                    v[net[p + 1]] = Math.max(a, b);
                }
                assertThat(v).containsExactly(expected);
            }
        }
    }

    @Test
    void pairs_32inputs_batcherSize() {
        // Batcher's odd-even merge sort uses 191 comparators for 32 inputs
        assertThat(SortingNetwork.pairs(32)).hasSize(2 * 191);
    }

    private static void apply(int[] net, int[] v) {
        for (int p = 0; p < net.length; p += 2) {
            int a = v[net[p]];
            int b = v[net[p + 1]];
            v[net[p]] = Math.min(a, b);
            v[net[p + 1]] = Math.max(a, b);
        }
    }
}
