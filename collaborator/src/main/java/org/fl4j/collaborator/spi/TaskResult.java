package org.fl4j.collaborator.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.protocol.rpc.ForwardedMetrics;

/**
 * What a task produced: named metrics (insertion order kept) and the number of samples behind them, which
 * weighs this result in every average; from an intermediate aggregator, also the results of the participants
 * below it, which travel with this one to the parent ({@code forwarded}, else empty).
 */
public record TaskResult(Map<String, Double> metrics, long sampleCount, List<ForwardedMetrics> forwarded) {

    public TaskResult {
        Objects.requireNonNull(metrics, "metrics");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must be >= 0, found " + sampleCount);
        }
        forwarded = List.copyOf(forwarded);
    }

    /** A site's result. */
    public TaskResult(Map<String, Double> metrics, long sampleCount) {
        this(metrics, sampleCount, List.of());
    }
}
