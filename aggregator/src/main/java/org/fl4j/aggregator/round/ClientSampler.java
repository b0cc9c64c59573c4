package org.fl4j.aggregator.round;

import java.security.SecureRandom;
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
 * without anything in its checkpoint.
 *
 * <p>Under Poisson sampling each collaborator instead joins each round on its own with the plan's rate, drawn
 * from a {@link SecureRandom}: nobody, the collaborators included, can predict or replay who trains in a round,
 * which is what lets the client-level accountant count the rate (amplification by subsampling). A round's draw
 * is kept until the next round's; a restarted aggregator draws the round it resumes anew, and a round that
 * drew nobody keeps its model, as a round without updates does. Thread-safe.
 */
final class ClientSampler {

    private static final long SALT = 0x5DEECE66DL;

    private final Sampling sampling;
    private final long seed;
    private final SecureRandom secure;
    private long drawnRound = -1;
    private List<String> drawn = List.of();
    private List<String> replayed = List.of();
    private long nextRound;
    private Map<String, Long> lastSelected = new HashMap<>();
    private Map<String, Long> times = new HashMap<>();

    ClientSampler(Sampling sampling, long seed) {
        this(sampling, seed, new SecureRandom());
    }

    /** A sampler whose Poisson draws come from {@code secure}. */
    ClientSampler(Sampling sampling, long seed, SecureRandom secure) {
        this.sampling = sampling;
        this.seed = seed;
        this.secure = secure;
    }

    /** The results a round needs before it may close, of {@code selected} collaborators given tasks. */
    int needed(int selected, int registered) {
        return sampling.poisson() ? selected : Math.min(selected, sampling.target(registered));
    }

    /** The collaborators taking part in {@code round}, sorted by name. */
    synchronized List<String> select(long round, List<String> collaborators) {
        if (!sampling.samples()) {
            return collaborators;
        }
        if (sampling.poisson()) {
            return poisson(round, collaborators);
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

    private List<String> poisson(long round, List<String> collaborators) {
        if (round != drawnRound) {
            double q = sampling.rate(collaborators.size());
            List<String> chosen = new ArrayList<>();
            for (String c : collaborators) {
                if (secure.nextDouble() < q) {
                    chosen.add(c);
                }
            }
            Collections.sort(chosen);
            drawn = List.copyOf(chosen);
            drawnRound = round;
        }
        return drawn;
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
