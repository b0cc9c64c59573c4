package org.fl4j.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Weighted mean of the collaborators' metrics (loss, accuracy...) by sample count. A metric missing from some
 * collaborators is averaged over those that reported it. The result does not depend on the order of
 * {@link #add} calls: contributions are summed in contributor-name order. Thread-safe.
 */
public final class MetricAggregator {

    private final Map<String, Contribution> byContributor = new TreeMap<>();

    private record Contribution(long sampleCount, Map<String, Double> metrics) {
    }

    /**
     * Records one collaborator's metrics.
     *
     * @throws IllegalArgumentException when the contributor already reported, the sample count is not
     *                                  positive, or a value is not finite (the message names which)
     */
    public synchronized void add(String contributor, long sampleCount, Map<String, ? extends Number> metrics) {
        Objects.requireNonNull(contributor, "contributor");
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("metrics from '" + contributor
                    + "': sample count must be at least 1, found " + sampleCount);
        }
        if (byContributor.containsKey(contributor)) {
            throw new IllegalArgumentException("metrics from '" + contributor + "' were already recorded");
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
            double v = e.getValue().doubleValue();
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("metrics from '" + contributor + "': " + e.getKey()
                        + " = " + v + " is not finite");
            }
            copy.put(e.getKey(), v);
        }
        byContributor.put(contributor, new Contribution(sampleCount, copy));
    }

    /** Number of collaborators that reported. */
    public synchronized int count() {
        return byContributor.size();
    }

    /** Metric name to weighted mean, sorted by name; empty when nothing was reported. */
    public synchronized Map<String, Double> means() {
        Map<String, double[]> sums = new TreeMap<>();
        for (Contribution c : byContributor.values()) {
            for (Map.Entry<String, Double> e : c.metrics().entrySet()) {
                double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                s[0] += c.sampleCount() * e.getValue();
                s[1] += c.sampleCount();
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, s) -> means.put(name, s[0] / s[1]));
        return means;
    }
}
