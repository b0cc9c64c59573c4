package org.fl4j.aggregator.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fl4j.aggregator.round.FederationListener;

/**
 * The metrics the dashboard charts, kept as the federation reports them: each round's aggregated means
 * ({@code task/metric}) and each collaborator's own values, since the aggregator started. Thread-safe.
 */
final class RoundMetrics implements FederationListener {

    /** One round: aggregated metric to value, and collaborator to its metric to value. */
    record Round(long round, Map<String, Double> aggregated, Map<String, Map<String, Double>> collaborators) {
    }

    private final TreeMap<Long, Map<String, Double>> aggregated = new TreeMap<>();
    private final TreeMap<Long, Map<String, Map<String, Double>>> sites = new TreeMap<>();

    @Override
    public synchronized void resultAccepted(String collaborator, long round, String task, long bytes, String sha256,
            Map<String, Double> metrics, Instant at) {
        Map<String, Double> own = sites.computeIfAbsent(round, r -> new TreeMap<>())
                .computeIfAbsent(collaborator, c -> new TreeMap<>());
        metrics.forEach((metric, value) -> own.put(task + "/" + metric, value));
    }

    @Override
    public synchronized void roundClosed(long round, Duration open, Duration aggregation, List<String> stragglers,
            Map<String, Map<String, Double>> means, Instant at) {
        Map<String, Double> all = aggregated.computeIfAbsent(round, r -> new TreeMap<>());
        means.forEach((task, metrics) -> metrics.forEach((metric, value) -> all.put(task + "/" + metric, value)));
    }

    /** The privacy metrics the aggregator computed for a round (client-level DP), charted beside the others. */
    @Override
    public synchronized void privacySpent(long round, String task, Map<String, Double> metrics) {
        Map<String, Double> all = aggregated.computeIfAbsent(round, r -> new TreeMap<>());
        metrics.forEach((metric, value) -> all.put(task + "/" + metric, value));
    }

    /** Every round seen, oldest first; a round still open has no aggregated values yet. */
    synchronized List<Round> rounds() {
        TreeMap<Long, Round> out = new TreeMap<>();
        sites.forEach((r, s) -> out.put(r, new Round(r, new TreeMap<>(aggregated.getOrDefault(r, Map.of())),
                copy(s))));
        aggregated.forEach((r, a) -> out.putIfAbsent(r, new Round(r, new TreeMap<>(a), Map.of())));
        return List.copyOf(out.values());
    }

    private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> s) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        s.forEach((c, m) -> out.put(c, new TreeMap<>(m)));
        return out;
    }
}
