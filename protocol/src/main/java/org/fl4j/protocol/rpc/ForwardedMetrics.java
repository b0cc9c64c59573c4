package org.fl4j.protocol.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a task below an intermediate aggregator, forwarded with the intermediate aggregator's own
 * result so that it reaches the root's metrics log with its origin.
 *
 * @param origin the participant's name, or the path of names below the sender ({@code hub-b/site-3})
 * @param sampleCount the samples behind its result
 * @param metrics its metrics
 */
public record ForwardedMetrics(String origin, long sampleCount, Map<String, Double> metrics) {

    /** The most forwarded results one result may carry (a subtree of that many participants). */
    public static final int MAX_PER_RESULT = 100_000;

    public ForwardedMetrics {
        Objects.requireNonNull(origin, "origin");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** This result as seen one level up: its origin below {@code via}. */
    public ForwardedMetrics via(String sender) {
        return new ForwardedMetrics(sender + "/" + origin, sampleCount, metrics);
    }
}
