package org.fl4j.aggregation.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Batcher's odd-even merge sort as a fixed list of compare-exchange pairs for K inputs: the network for the
 * next power of two with every comparator touching an index >= K dropped, which is exact because those
 * padding inputs would be +infinity and never move below K. A fixed network sorts many columns at once in
 * SIMD lanes with min/max, which {@code Math.min/max} semantics make identical to {@code Arrays.sort}
 * (-0.0 before 0.0).
 */
final class SortingNetwork {

    private static final ConcurrentMap<Integer, int[]> CACHE = new ConcurrentHashMap<>();

    private SortingNetwork() {
    }

    /** Comparator pairs {@code (a[2c], a[2c + 1])}, first index smaller, to apply in order. */
    static int[] pairs(int k) {
        return CACHE.computeIfAbsent(k, SortingNetwork::build);
    }

    private static int[] build(int k) {
        int n = Integer.highestOneBit(Math.max(1, k - 1)) << 1;
        int[] out = new int[64];
        int size = 0;
        for (int p = 1; p < n; p <<= 1) {
            for (int step = p; step >= 1; step >>= 1) {
                for (int j = step % p; j <= n - 1 - step; j += 2 * step) {
                    for (int i = 0; i <= Math.min(step - 1, n - j - step - 1); i++) {
                        int a = i + j;
                        int b = i + j + step;
                        if (a / (2 * p) == b / (2 * p) && b < k) {
                            if (size + 2 > out.length) {
                                out = java.util.Arrays.copyOf(out, out.length * 2);
                            }
                            out[size++] = a;
                            out[size++] = b;
                        }
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(out, size);
    }
}
