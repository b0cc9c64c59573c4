package org.fl4j.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectTest {

    private static int bySorting(int[] a, int k) {
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    @Test
    void kthLargest_randomKeysOfEverySpread_equalsSorting() {
        Random random = new Random(3);
        for (int bound : new int[] {Integer.MAX_VALUE, 1 << 20, 1000, 2}) {
            for (int n : new int[] {1, 2, 7, 513, 20_000}) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextInt(bound);
                }
                for (int k : new int[] {1, 2, n / 3 + 1, n / 2 + 1, n}) {
                    if (k <= n) {
                        int[] copy = a.clone();
                        assertThat(Select.kthLargest(copy, k)).as("bound %d, n %d, k %d", bound, n, k)
                                .isEqualTo(bySorting(a, k));
                        assertThat(copy).as("the keys are left as they were").isEqualTo(a);
                    }
                }
            }
        }
    }

    @Test
    void kthLargest_absoluteFloatBits_equalsSorting() {
        Random random = new Random(5);
        int[] a = new int[262_144];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits((float) (0.05 * random.nextGaussian())) & 0x7fffffff;
        }
        for (int k : new int[] {1, 262, 2621, 26_214, 262_144}) {
            assertThat(Select.kthLargest(a, k)).isEqualTo(bySorting(a, k));
        }
    }

    @Test
    void kthLargest_badArguments_areRefused() {
        assertThatThrownBy(() -> Select.kthLargest(new int[] {1, 2}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.kthLargest(new int[] {1, -2}, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
