package org.fl4j.aggregator.round;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fl4j.aggregation.MetricAggregator;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregator.store.MetricsLog;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.ForwardedMetrics;
import org.fl4j.protocol.rpc.ResultHeader;

/**
 * One round in progress: who runs which tasks, which results it holds ({@code done}) and which it refused
 * ({@code failed}, with the reason: the task failed for the round and counts as reported), which are being
 * received (or wait for an upload slot), the round's aggregation and metrics, and the metrics-log lines
 * written so far. A task is in at most one of done and failed.
 * Guarded by the {@link Federation}'s lock, except the aggregation, which is thread-safe.
 */
final class RoundState {

    /** The longest refusal reason kept per task (a sender chooses metric and tensor names). */
    static final int REASON_CHARS = 300;

    final long round;
    final Instant started;
    final ModelWeights model;
    final Map<String, List<String>> assignment;
    final RoundAggregation aggregation;
    final UploadSlots slots;
    /** The round's secure aggregation, or null (not enabled, or it could not start: see {@link #secureProblem}). */
    org.fl4j.aggregator.secagg.SecureRound secure;
    /** Why the round runs no secure aggregation although the plan enables it, or null. */
    String secureProblem;
    final Map<String, MetricAggregator> metrics = new HashMap<>();
    final List<String> lines = new ArrayList<>();
    /** Each task's results by collaborator (metrics and sample count), for reports. */
    final Map<String, Map<String, Map<String, Double>>> siteMetrics = new java.util.LinkedHashMap<>();
    final Map<String, Map<String, Long>> siteSamples = new java.util.LinkedHashMap<>();
    /** Each task's results an intermediate aggregator forwarded from below it, by the collaborator that sent them. */
    private final Map<String, Map<String, List<ForwardedMetrics>>> below = new HashMap<>();
    private final Map<String, Set<String>> done = new HashMap<>();
    /** Collaborator to task to the reason its result was refused, in the order refused. */
    private final Map<String, Map<String, String>> failed = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    /**
     * Collaborators given tasks that have none pending, kept as results are marked (tasks only ever move to done
     * or failed), so that checking whether a round may close does not scan a thousand collaborators per upload.
     */
    private int reported;

    RoundState(long round, Instant started, ModelWeights model, Map<String, List<String>> assignment,
            RoundAggregation aggregation, UploadSlots slots) {
        this.round = round;
        this.started = started;
        this.model = model;
        this.assignment = assignment;
        this.aggregation = aggregation;
        this.slots = slots;
        this.reported = (int) assignment.values().stream().filter(List::isEmpty).count();
    }

    List<String> tasksOf(String collaborator) {
        return assignment.getOrDefault(collaborator, List.of());
    }

    /** The tasks whose results the round holds. */
    Set<String> doneOf(String collaborator) {
        return done.getOrDefault(collaborator, Set.of());
    }

    boolean isDone(String collaborator, String task) {
        return doneOf(collaborator).contains(task);
    }

    /** The tasks whose results the round refused. */
    Set<String> failedOf(String collaborator) {
        return failed.getOrDefault(collaborator, Map.of()).keySet();
    }

    /** Why the round refused this result, or null when it did not. */
    String refusal(String collaborator, String task) {
        return failed.getOrDefault(collaborator, Map.of()).get(task);
    }

    /** True while some task of the collaborator is neither done nor failed. */
    boolean hasPending(String collaborator) {
        return doneOf(collaborator).size() + failedOf(collaborator).size() < tasksOf(collaborator).size();
    }

    boolean startReceiving(String collaborator, String task) {
        return inFlight.add(collaborator + "\u0000" + task);
    }

    boolean isReceiving(String collaborator, String task) {
        return inFlight.contains(collaborator + "\u0000" + task);
    }

    void stopReceiving(String collaborator, String task) {
        inFlight.remove(collaborator + "\u0000" + task);
    }

    void markDone(String collaborator, String task) {
        boolean pending = hasPending(collaborator);
        done.computeIfAbsent(collaborator, k -> new LinkedHashSet<>()).add(task);
        countIfReported(collaborator, pending);
        stopReceiving(collaborator, task);
    }

    private void countIfReported(String collaborator, boolean wasPending) {
        if (wasPending && assignment.containsKey(collaborator) && !hasPending(collaborator)) {
            reported++;
        }
    }

    /**
     * The result was refused for {@code reason} (kept, cut to {@value #REASON_CHARS} characters, for the
     * refusal of a resend): the task failed.
     */
    void markFailed(String collaborator, String task, String reason) {
        if (!isDone(collaborator, task)) {
            boolean pending = hasPending(collaborator);
            String kept = reason.length() <= REASON_CHARS ? reason : reason.substring(0, REASON_CHARS) + "...";
            failed.computeIfAbsent(collaborator, k -> new LinkedHashMap<>()).putIfAbsent(task, kept);
            countIfReported(collaborator, pending);
        }
        stopReceiving(collaborator, task);
    }

    int assignedCount() {
        return assignment.size();
    }

    int reportedCount() {
        return reported;
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
        siteMetrics.computeIfAbsent(task, k -> new java.util.TreeMap<>()).put(collaborator, header.metrics());
        siteSamples.computeIfAbsent(task, k -> new java.util.TreeMap<>()).put(collaborator, header.sampleCount());
        List<String> added = new ArrayList<>();
        header.metrics().forEach((metric, value) -> added.add(MetricsLog.line(round, collaborator, task, metric,
                value, now)));
        if (!header.forwarded().isEmpty()) {
            below.computeIfAbsent(task, k -> new java.util.TreeMap<>()).put(collaborator, header.forwarded());
            for (ForwardedMetrics f : header.forwarded()) {
                String origin = f.via(collaborator).origin();
                f.metrics().forEach((metric, value) -> added.add(MetricsLog.line(round, origin, task, metric, value,
                        now)));
            }
        }
        lines.addAll(added);
        return added;
    }

    /**
     * What an intermediate aggregator forwards to its parent for {@code task}: each child's own result, and the
     * results its children forwarded from below them, with their origin paths.
     */
    List<ForwardedMetrics> forwardable(String task) {
        List<ForwardedMetrics> out = new ArrayList<>();
        Map<String, Long> samples = siteSamples.getOrDefault(task, Map.of());
        Map<String, List<ForwardedMetrics>> deeper = below.getOrDefault(task, Map.of());
        siteMetrics.getOrDefault(task, Map.of()).forEach((child, metrics) -> {
            out.add(new ForwardedMetrics(child, samples.getOrDefault(child, 0L), metrics));
            deeper.getOrDefault(child, List.of()).forEach(f -> out.add(f.via(child)));
        });
        return out;
    }
}
