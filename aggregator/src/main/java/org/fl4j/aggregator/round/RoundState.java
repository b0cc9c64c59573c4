package org.fl4j.aggregator.round;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fl4j.aggregation.MetricAggregator;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregator.store.MetricsLog;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.ResultHeader;

/**
 * One round in progress: who runs which tasks, which results arrived (or were refused and count as failed),
 * which are being received (or wait for an upload slot), the round's aggregation and metrics, and the
 * metrics-log lines written so far.
 * Guarded by the {@link Federation}'s lock, except the aggregation, which is thread-safe.
 */
final class RoundState {

    final long round;
    final Instant started;
    final ModelWeights model;
    final Map<String, List<String>> assignment;
    final RoundAggregation aggregation;
    final UploadSlots slots;
    final Map<String, MetricAggregator> metrics = new HashMap<>();
    final List<String> lines = new ArrayList<>();
    private final Map<String, Set<String>> done = new HashMap<>();
    private final Map<String, Set<String>> failed = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    RoundState(long round, Instant started, ModelWeights model, Map<String, List<String>> assignment,
            RoundAggregation aggregation, UploadSlots slots) {
        this.round = round;
        this.started = started;
        this.model = model;
        this.assignment = assignment;
        this.aggregation = aggregation;
        this.slots = slots;
    }

    List<String> tasksOf(String collaborator) {
        return assignment.getOrDefault(collaborator, List.of());
    }

    Set<String> doneOf(String collaborator) {
        return done.getOrDefault(collaborator, Set.of());
    }

    boolean isDone(String collaborator, String task) {
        return doneOf(collaborator).contains(task);
    }

    boolean hasPending(String collaborator) {
        return doneOf(collaborator).size() < tasksOf(collaborator).size();
    }

    boolean startReceiving(String collaborator, String task) {
        return inFlight.add(collaborator + "\u0000" + task);
    }

    void stopReceiving(String collaborator, String task) {
        inFlight.remove(collaborator + "\u0000" + task);
    }

    void markDone(String collaborator, String task) {
        done.computeIfAbsent(collaborator, k -> new LinkedHashSet<>()).add(task);
        stopReceiving(collaborator, task);
    }

    void markFailed(String collaborator, String task) {
        failed.computeIfAbsent(collaborator, k -> new LinkedHashSet<>()).add(task);
        markDone(collaborator, task);
    }

    int assignedCount() {
        return assignment.size();
    }

    int reportedCount() {
        int n = 0;
        for (String c : assignment.keySet()) {
            if (!hasPending(c)) {
                n++;
            }
        }
        return n;
    }

    /** Collaborators given tasks that have not delivered them all. */
    List<String> stragglers() {
        return assignment.keySet().stream().filter(this::hasPending).sorted().toList();
    }

    /**
     * Records a complete result: its metrics count in the round's weighted means and the task is done. Returns
     * the result's metrics-log lines, which the round also keeps for its checkpoint.
     */
    List<String> record(String collaborator, ResultHeader header, Instant now) {
        String task = header.task();
        metrics.computeIfAbsent(task, k -> new MetricAggregator())
                .add(collaborator, header.sampleCount(), header.metrics());
        markDone(collaborator, task);
        List<String> added = new ArrayList<>();
        header.metrics().forEach((metric, value) -> added.add(MetricsLog.line(round, collaborator, task, metric,
                value, now)));
        lines.addAll(added);
        return added;
    }
}
