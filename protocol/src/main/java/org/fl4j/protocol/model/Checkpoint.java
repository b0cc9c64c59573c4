package org.fl4j.protocol.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the aggregator must not lose, as of the end of a round.
 *
 * @param federationId the federation (plan) it belongs to
 * @param round rounds completed: the round to run next
 * @param model the global model for {@code round}
 * @param bestScore the best score of the plan's best-model metric so far, if any round reported it
 * @param bestRound the round whose model scored {@code bestScore}
 * @param strategy the aggregation strategy's name
 * @param strategyStep how many rounds the strategy has applied (server optimizers' step count)
 * @param strategySlots the strategy's state (e.g. FedAdam's {@code m} and {@code v}), each shaped like the model
 * @param metricLines the lines of {@code logs/metrics.jsonl} of the completed rounds
 * @param stageState what the update path's stages keep across rounds (e.g. the client-level privacy
 *     accountant's ledger), as text by key
 */
public record Checkpoint(String federationId, long round, ModelWeights model, OptionalDouble bestScore, long bestRound,
        String strategy, long strategyStep, Map<String, ModelWeights> strategySlots, List<String> metricLines,
        Map<String, String> stageState) {

    /** A checkpoint without stage state. */
    public Checkpoint(String federationId, long round, ModelWeights model, OptionalDouble bestScore, long bestRound,
            String strategy, long strategyStep, Map<String, ModelWeights> strategySlots, List<String> metricLines) {
        this(federationId, round, model, bestScore, bestRound, strategy, strategyStep, strategySlots, metricLines,
                Map.of());
    }

    public Checkpoint {
        Objects.requireNonNull(federationId, "federationId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bestScore, "bestScore");
        Objects.requireNonNull(strategy, "strategy");
        strategySlots = Collections.unmodifiableMap(new LinkedHashMap<>(strategySlots));
        metricLines = List.copyOf(metricLines);
        stageState = Collections.unmodifiableMap(new java.util.TreeMap<>(stageState));
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, found " + round);
        }
    }
}
