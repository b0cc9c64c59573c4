package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fl4j.collaborator.ScriptedFederation.TASKS;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.fl4j.collaborator.metrics.SiteMetrics;
import org.fl4j.metrics.MetricsEndpoint;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.metrics.RealPrometheus;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborator's own /metrics: a real collaborator runs two scripted rounds reporting to {@link SiteMetrics},
 * served by the real endpoint; read over HTTP, and scraped by a real Prometheus server (Debian's, installed when
 * the test runs as root, as CI does; that part is skipped otherwise).
 */
class SiteMetricsTest {

    private final ScriptedFederation federation = new ScriptedFederation();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        federation.close();
    }

    private SiteMetrics twoRounds() throws Exception {
        SiteMetrics metrics = new SiteMetrics("two");
        List<TasksOutcome.Assignment> rounds = List.of(new TasksOutcome.Assignment(0, TASKS, Set.of()),
                new TasksOutcome.Assignment(1, TASKS, Set.of()));
        assertThat(federation.run(rounds, c -> c.observedBy(metrics))).isEqualTo("all rounds are done");
        return metrics;
    }

    @Test
    void metrics_twoRounds_servedOverHttp() throws Exception {
        SiteMetrics metrics = twoRounds();

        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics.registry(),
                new MetricsSettings("127.0.0.1", 0, "--metrics-port"))) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("fl4j_site_info{collaborator=\"two\"} 1.0", "fl4j_site_rounds_total 2.0",
                    "fl4j_site_round 1.0", "fl4j_site_task_duration_seconds_count{task=\"train\"} 2",
                    "fl4j_site_samples_total{task=\"train\"} 20.0",
                    "fl4j_site_samples_total{task=\"aggregated_model_validation\"} 10.0", "jvm_memory_used_bytes");
            // Each round downloads the 3-float model (12 bytes) and uploads the trained one.
            assertThat(body).contains("fl4j_site_downloaded_bytes_total 24.0", "fl4j_site_uploaded_bytes_total 24.0");
            assertThat(body).containsPattern("fl4j_site_samples_per_second\\{task=\"train\"} [0-9.E]+")
                    .as("no DP, no epsilon").doesNotContain("fl4j_site_privacy_epsilon");
        }
    }

    @Test
    void metrics_trainTaskReportingEpsilon_exposesTheSitesPrivacyLoss() throws Exception {
        SiteMetrics metrics = new SiteMetrics("one");
        metrics.taskRan(3, "train", true, Duration.ofSeconds(2), 4000, java.util.Map.of("loss", 0.3, "epsilon", 1.25));
        metrics.taskRan(3, "aggregated_model_validation", false, Duration.ofMillis(500), 1000,
                java.util.Map.of("accuracy", 0.9));

        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics.registry(),
                new MetricsSettings("127.0.0.1", 0, "--metrics-port"))) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("fl4j_site_privacy_epsilon 1.25",
                    "fl4j_site_samples_per_second{task=\"train\"} 2000.0",
                    "fl4j_site_samples_per_second{task=\"aggregated_model_validation\"} 2000.0");
        }
    }

    @Test
    void endpoint_portInUse_errorNamesTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> MetricsEndpoint.start(new SiteMetrics("two").registry(),
                    new MetricsSettings("127.0.0.1", taken.getLocalPort(), "--metrics-port")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("(--metrics-port; choose a free port)");
        }
    }

    @Test
    void scrape_realPrometheus_queryReturnsTheSitesRounds() throws Exception {
        assumeTrue(RealPrometheus.available(), "skipped: /usr/bin/prometheus is missing and the test is not running"
                + " as root, so it cannot apt-get install prometheus");
        SiteMetrics metrics = twoRounds();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics.registry(),
                new MetricsSettings("127.0.0.1", 0, "--metrics-port"));
                RealPrometheus prometheus = RealPrometheus.scraping(dir, "site", "127.0.0.1:" + endpoint.port())) {
            String answer = prometheus.queryUntilValue("fl4j_site_rounds_total", Duration.ofSeconds(40));

            assertThat(answer).as(prometheus.log()).contains("\"__name__\":\"fl4j_site_rounds_total\"",
                    "\"job\":\"site\"").containsPattern("\"value\":\\[[0-9.]+,\"2\"\\]");
        }
    }
}
