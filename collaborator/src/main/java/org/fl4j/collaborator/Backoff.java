package org.fl4j.collaborator;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: the n-th consecutive wait is drawn uniformly from the upper half of
 * {@code min(max, first * 2^n)}, so retries of many collaborators spread out instead of arriving together.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final Random random;
    private int attempt;

    Backoff(Duration first, Duration max, Random random) {
        this.firstMillis = Math.max(1, first.toMillis());
        this.maxMillis = Math.max(firstMillis, max.toMillis());
        this.random = random;
    }

    Duration next() {
        long ceiling = firstMillis;
        for (int i = 0; i < attempt && ceiling < maxMillis; i++) {
            ceiling = Math.min(maxMillis, ceiling * 2);
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }

    void reset() {
        attempt = 0;
    }
}
