package org.fl4j.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/** When the first site started each round's training; the rounds' times are the gaps between those starts. */
final class RoundClock {

    private final AtomicLongArray firstStart;

    RoundClock(int rounds) {
        firstStart = new AtomicLongArray(rounds);
    }

    void trainingStarts(long round) {
        if (round < firstStart.length()) {
            firstStart.compareAndSet((int) round, 0, System.nanoTime());
        }
    }

    /** Milliseconds from each round's first training start to the next one's. */
    List<Long> rounds() {
        List<Long> out = new ArrayList<>();
        for (int r = 0; r + 1 < firstStart.length(); r++) {
            if (firstStart.get(r) == 0 || firstStart.get(r + 1) == 0) {
                throw new IllegalStateException("round " + r + " or " + (r + 1) + " never started training");
            }
            out.add((firstStart.get(r + 1) - firstStart.get(r)) / 1_000_000);
        }
        return out;
    }
}
