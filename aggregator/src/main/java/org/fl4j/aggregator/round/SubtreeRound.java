package org.fl4j.aggregator.round;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.ForwardedMetrics;

/**
 * What an intermediate aggregator's round produced for its parent: the weighted average of its children's
 * training results with their total weight (so that the parent's weighted average over subtrees equals the
 * one over every site), and for each task the children's weighted mean metrics, the samples behind them and
 * the children's own results to forward.
 *
 * @param round the round
 * @param averaged the children's weighted average, empty when no child delivered a training result
 * @param trainingSamples the total weight behind {@code averaged} (0 when empty)
 * @param tasks each task with at least one child's result, by name
 */
public record SubtreeRound(long round, Optional<ModelWeights> averaged, long trainingSamples,
        Map<String, TaskOutcome> tasks) {

    /**
     * One task's outcome in the subtree.
     *
     * @param metrics the children's metrics, each weighted by its sample count
     * @param sampleCount the samples behind them
     * @param forwarded the children's own results, and what they forwarded from below them
     */
    public record TaskOutcome(Map<String, Double> metrics, long sampleCount, List<ForwardedMetrics> forwarded) {
        public TaskOutcome {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            forwarded = List.copyOf(forwarded);
        }
    }

    public SubtreeRound {
        Objects.requireNonNull(averaged, "averaged");
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    public Optional<TaskOutcome> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }
}
