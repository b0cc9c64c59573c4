package org.fl4j.aggregator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.metrics.Buckets;
import org.fl4j.pki.tls.HandshakeRefusals;

/**
 * The aggregator's Prometheus metrics, kept up to date as a {@link FederationListener}: rounds, round and phase
 * durations, per-collaborator last contact and bytes, task durations, results accepted and refused by reason,
 * refused connections by reason (TLS handshakes and calls), staged bytes, privacy epsilon (each collaborator's
 * reported one under record-level DP, the aggregator's own under client-level DP), and the JVM's memory and GC.
 * Names start with {@code fl4j_}. Thread-safe.
 */
public final class PrometheusMetrics implements FederationListener {

    /** The metric name collaborators report their privacy loss under (record-level DP). */
    static final String EPSILON = "epsilon";
    /** The clip norm the aggregator reports under client-level DP. */
    static final String CLIP_NORM = "clip_norm";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter rounds;
    private final Gauge currentRound;
    private final Histogram roundSeconds;
    private final Histogram phaseSeconds;
    private final Gauge lastContact;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Histogram taskSeconds;
    private final Counter accepted;
    private final Counter refused;
    private final Counter refusedCalls;
    private final Gauge staged;
    private final Gauge epsilon;
    private final Gauge clientEpsilon;
    private final Gauge clientClip;
    private final AtomicLong stagedBytes = new AtomicLong();
    private final Map<String, Instant> given = new ConcurrentHashMap<>();

    public PrometheusMetrics(HandshakeRefusals handshakes) {
        rounds = Counter.builder().name("fl4j_rounds_completed").help("Rounds closed and aggregated")
                .register(registry);
        currentRound = Gauge.builder().name("fl4j_round").help("The round the federation is in").register(registry);
        roundSeconds = Histogram.builder().name("fl4j_round_duration_seconds")
                .help("Time from a round's start to its close").classicOnly().classicUpperBounds(Buckets.SECONDS)
                .register(registry);
        phaseSeconds = Histogram.builder().name("fl4j_round_phase_duration_seconds")
                .help("Time a round spent in each phase: train (open, taking results), aggregate, save")
                .labelNames("phase").classicOnly().classicUpperBounds(Buckets.SECONDS).register(registry);
        lastContact = Gauge.builder().name("fl4j_collaborator_last_contact_timestamp_seconds")
                .help("When each collaborator last called the aggregator (Unix time)").labelNames("collaborator")
                .register(registry);
        bytesIn = Counter.builder().name("fl4j_collaborator_received_bytes")
                .help("Update tensor bytes received from each collaborator").labelNames("collaborator")
                .register(registry);
        bytesOut = Counter.builder().name("fl4j_collaborator_sent_bytes")
                .help("Model tensor bytes sent to each collaborator").labelNames("collaborator").register(registry);
        taskSeconds = Histogram.builder().name("fl4j_task_duration_seconds")
                .help("Time from handing a task to a collaborator to accepting its result").labelNames("task")
                .classicOnly().classicUpperBounds(Buckets.SECONDS).register(registry);
        accepted = Counter.builder().name("fl4j_results_accepted").help("Task results accepted")
                .labelNames("task").register(registry);
        refused = Counter.builder().name("fl4j_results_refused").help("Task results refused, by reason")
                .labelNames("reason").register(registry);
        refusedCalls = Counter.builder().name("fl4j_calls_refused")
                .help("Calls refused after the TLS handshake (revoked, not in cols.yaml, wrong role), by reason")
                .labelNames("reason").register(registry);
        staged = Gauge.builder().name("fl4j_staged_bytes").help("Bytes of updates held while they arrive")
                .register(registry);
        epsilon = Gauge.builder().name("fl4j_privacy_epsilon")
                .help("Privacy loss (epsilon) each collaborator reported with its last result").labelNames("collaborator")
                .register(registry);
        clientEpsilon = Gauge.builder().name("fl4j_privacy_client_epsilon")
                .help("Privacy loss (epsilon at the plan's delta) the federation has spent under client-level DP,"
                        + " from the aggregator's accountant, after the last round released").register(registry);
        clientClip = Gauge.builder().name("fl4j_privacy_client_clip_norm")
                .help("The clip norm applied to each update in the last round under client-level DP")
                .register(registry);
        CounterWithCallback.builder().name("fl4j_handshakes_refused")
                .help("TLS handshakes the aggregator refused, by reason").labelNames("reason")
                .callback(cb -> handshakes.snapshot().forEach((r, n) -> cb.call(n, r.label())))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** The registry to serve. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** A call refused by the connection's identity checks; {@code reason} is a stable label. */
    public void callRefused(String reason) {
        refusedCalls.labelValues(reason).inc();
    }

    @Override
    public void contact(String collaborator, Instant at) {
        lastContact.labelValues(collaborator).set(at.toEpochMilli() / 1000.0);
    }

    @Override
    public void roundStarted(long round, Instant at, Map<String, List<String>> assignment) {
        currentRound.set(round);
    }

    @Override
    public void tasksGiven(String collaborator, long round, List<String> tasks, Instant at) {
        for (String task : tasks) {
            given.putIfAbsent(key(collaborator, round, task), at);
        }
    }

    @Override
    public void modelSent(String collaborator, long round, long bytes) {
        bytesOut.labelValues(collaborator).inc(bytes);
    }

    @Override
    public void stagedBytes(long delta) {
        staged.set(stagedBytes.addAndGet(delta));
    }

    @Override
    public void resultAccepted(String collaborator, long round, String task, long bytes, String sha256,
            Map<String, Double> metrics, Instant at) {
        accepted.labelValues(task).inc();
        bytesIn.labelValues(collaborator).inc(bytes);
        Instant start = given.remove(key(collaborator, round, task));
        if (start != null) {
            taskSeconds.labelValues(task).observe(seconds(Duration.between(start, at)));
        }
        Double e = metrics.get(EPSILON);
        if (e != null) {
            epsilon.labelValues(collaborator).set(e);
        }
    }

    @Override
    public void resultRefused(String collaborator, long round, String task, Refusal kind, String reason, Instant at) {
        refused.labelValues(kind.label()).inc();
    }

    @Override
    public void roundClosed(long round, Duration open, Duration aggregation, List<String> stragglers,
            Map<String, Map<String, Double>> means, Instant at) {
        rounds.inc();
        roundSeconds.observe(seconds(open));
        phaseSeconds.labelValues("train").observe(seconds(open));
        phaseSeconds.labelValues("aggregate").observe(seconds(aggregation));
        given.keySet().removeIf(k -> k.endsWith("\u0000" + round));
    }

    @Override
    public void privacySpent(long round, String task, Map<String, Double> metrics) {
        Double e = metrics.get(EPSILON);
        if (e != null) {
            clientEpsilon.set(e);
        }
        Double clip = metrics.get(CLIP_NORM);
        if (clip != null) {
            clientClip.set(clip);
        }
    }

    @Override
    public void roundSaved(long round, Duration saving) {
        phaseSeconds.labelValues("save").observe(seconds(saving));
    }

    private static String key(String collaborator, long round, String task) {
        return collaborator + "\u0000" + task + "\u0000" + round;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
