package org.fl4j.collaborator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import org.fl4j.collaborator.CollaboratorObserver;
import org.fl4j.metrics.Buckets;

/**
 * A collaborator's own Prometheus metrics, kept up to date as its {@link CollaboratorObserver}: rounds taken part
 * in, the last round, each task's local run time (histogram), records used and records a second of its last run,
 * tensor bytes downloaded and uploaded, the privacy loss its last train task reported (record-level DP), and the
 * JVM's memory and GC. Names start with {@code fl4j_site_}; {@code fl4j_site_info} carries the collaborator's
 * name. What the site's operator watches; the aggregator's view of the site is in the aggregator's metrics.
 * Thread-safe.
 */
public final class SiteMetrics implements CollaboratorObserver {

    private static final String EPSILON = "epsilon";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter rounds;
    private final Gauge lastRound;
    private final Histogram taskSeconds;
    private final Counter samples;
    private final Gauge samplesPerSecond;
    private final Counter downloaded;
    private final Counter uploaded;
    /** Registered at the first train task that reports an epsilon: without DP the metric does not exist. */
    private Gauge epsilon;

    public SiteMetrics(String collaborator) {
        Gauge.builder().name("fl4j_site_info").help("This collaborator (the value is 1)").labelNames("collaborator")
                .register(registry).labelValues(collaborator).set(1);
        rounds = Counter.builder().name("fl4j_site_rounds").help("Rounds this collaborator took part in")
                .register(registry);
        lastRound = Gauge.builder().name("fl4j_site_round").help("The last round this collaborator took part in")
                .register(registry);
        taskSeconds = Histogram.builder().name("fl4j_site_task_duration_seconds")
                .help("Local run time of each task (training, validation), transfers excluded").labelNames("task")
                .classicOnly().classicUpperBounds(Buckets.SECONDS).register(registry);
        samples = Counter.builder().name("fl4j_site_samples").help("Records the tasks used").labelNames("task")
                .register(registry);
        samplesPerSecond = Gauge.builder().name("fl4j_site_samples_per_second")
                .help("Records a second of each task's last run").labelNames("task").register(registry);
        downloaded = Counter.builder().name("fl4j_site_downloaded_bytes")
                .help("Model tensor bytes downloaded from the aggregator").register(registry);
        uploaded = Counter.builder().name("fl4j_site_uploaded_bytes")
                .help("Result tensor bytes uploaded to the aggregator").register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** The registry to serve ({@link org.fl4j.metrics.MetricsEndpoint}). */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void taskRan(long round, String task, boolean train, Duration took, long records,
            Map<String, Double> metrics) {
        double seconds = took.toNanos() / 1e9;
        taskSeconds.labelValues(task).observe(seconds);
        samples.labelValues(task).inc(records);
        if (seconds > 0) {
            samplesPerSecond.labelValues(task).set(records / seconds);
        }
        Double e = metrics.get(EPSILON);
        if (train && e != null) {
            epsilon().set(e);
        }
    }

    private synchronized Gauge epsilon() {
        if (epsilon == null) {
            epsilon = Gauge.builder().name("fl4j_site_privacy_epsilon")
                    .help("The privacy loss this site's last train task reported (record-level DP)").register(registry);
        }
        return epsilon;
    }

    @Override
    public void roundEnded(long round, long bytesDownloaded, long bytesUploaded) {
        rounds.inc();
        lastRound.set(round);
        downloaded.inc(bytesDownloaded);
        uploaded.inc(bytesUploaded);
    }
}
