package org.fl4j.collaborator.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a task produced: named metrics (insertion order kept) and the number of samples behind them, which
 * weighs this result in every average.
 */
public record TaskResult(Map<String, Double> metrics, long sampleCount) {

    public TaskResult {
        Objects.requireNonNull(metrics, "metrics");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must be >= 0, found " + sampleCount);
        }
    }
}
