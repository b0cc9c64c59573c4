package org.fl4j.benchmarks;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Test data for the benchmarks, generated in parallel. */
final class Data {

    private Data() {
    }

    /** {@code n} Gaussian-ish floats (sum of uniforms), reproducible from {@code seed}. */
    static float[] floats(int n, long seed) {
        float[] a = new float[n];
        int blocks = (n + (1 << 20) - 1) >> 20;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + b);
            int from = b << 20;
            int to = Math.min(n, from + (1 << 20));
            for (int i = from; i < to; i++) {
                a[i] = (float) (rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5);
            }
        });
        return a;
    }

    /**
     * How many distinct update arrays to keep: all K when they fit in {@code budgetBytes}, else as many as
     * fit but at least 2, so every update is read from memory rather than cache (each array is far bigger
     * than the last-level cache once the budget is exceeded).
     */
    static int poolSize(int collaborators, int params, long budgetBytes) {
        long perUpdate = 4L * params;
        return (int) Math.min(collaborators, Math.max(2, budgetBytes / perUpdate));
    }
}
