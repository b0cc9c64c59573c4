package org.fl4j.aggregator.round;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fl4j.plan.Sampling;

/**
 * Chooses the collaborators of each round when the plan samples them: those selected fewest times so far first,
 * then the least recently selected, remaining ties broken by a shuffle seeded from the plan's seed and the round.
 * Fair: after any round, how often two collaborators were selected differs by at most one. Reproducible: the choice of round r depends only on the seed, r and the
 * collaborators, and is replayed from round 0 (then remembered), so a restarted aggregator chooses as before
 * without anything in its checkpoint. Thread-safe.
 */
final class ClientSampler {

    private static final long SALT = 0x5DEECE66DL;

    private final Sampling sampling;
    private final long seed;
    private List<String> replayed = List.of();
    private long nextRound;
    private Map<String, Long> lastSelected = new HashMap<>();
    private Map<String, Long> times = new HashMap<>();

    ClientSampler(Sampling sampling, long seed) {
        this.sampling = sampling;
        this.seed = seed;
    }

    /** The results a round needs before it may close, of {@code selected} collaborators given tasks. */
    int needed(int selected, int registered) {
        return Math.min(selected, sampling.target(registered));
    }

    /** The collaborators taking part in {@code round}, sorted by name. */
    synchronized List<String> select(long round, List<String> collaborators) {
        if (!sampling.samples()) {
            return collaborators;
        }
        if (!collaborators.equals(replayed) || round < nextRound) {
            replayed = List.copyOf(collaborators);
            nextRound = 0;
            lastSelected = new HashMap<>();
            times = new HashMap<>();
        }
        List<String> chosen = List.of();
        while (nextRound <= round) {
            chosen = choose(nextRound, collaborators);
            for (String c : chosen) {
                lastSelected.put(c, nextRound);
                times.merge(c, 1L, Long::sum);
            }
            nextRound++;
        }
        return chosen;
    }

    private List<String> choose(long round, List<String> collaborators) {
        List<String> order = new ArrayList<>(collaborators);
        Collections.sort(order);
        Collections.shuffle(order, new Random((seed * 0x9E3779B97F4A7C15L + round) ^ SALT));
        // A stable sort keeps the shuffled order among collaborators with the same count and last round.
        order.sort(Comparator.<String>comparingLong(c -> times.getOrDefault(c, 0L))
                .thenComparingLong(c -> lastSelected.getOrDefault(c, -1L)));
        List<String> chosen = new ArrayList<>(order.subList(0, sampling.selected(collaborators.size())));
        Collections.sort(chosen);
        return List.copyOf(chosen);
    }
}
