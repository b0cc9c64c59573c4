package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.metrics.MetricsSettings;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed with apt-get when missing and the test runs as
 * root, as CI does; skipped otherwise) scrapes a running in-process federation's /metrics, and its HTTP query
 * API returns the round counter.
 */
class PrometheusScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    @Test
    void scrape_realPrometheus_queryReturnsTheRoundCounter() throws Exception {
        assumeTrue(prometheusAvailable(), "skipped: /usr/bin/prometheus is missing and the test is not running as"
                + " root, so it cannot apt-get install prometheus");
        AggregatorConfig config = TestFederations.config(dir.resolve("workspace"), 3);
        TestFederations.writeInitialModel(config);
        String name = io.grpc.inprocess.InProcessServerBuilder.generateName();
        try (AggregatorServer server = AggregatorServer.start(
                io.grpc.inprocess.InProcessServerBuilder.forName(name), config, null,
                new OperationsOptions(new MetricsSettings("127.0.0.1", 0), null),
                PeerAuthentication.inProcess(new java.util.HashSet<>(config.collaborators())),
                java.time.Clock.systemUTC())) {
            io.grpc.ManagedChannel channel = io.grpc.inprocess.InProcessChannelBuilder.forName(name).build();
            for (String site : TestFederations.COLLABORATORS) {
                new ScriptedSite(site, new FederationClient(channel, new Route(site, config.name(),
                        config.federationId()), config.limits(), Duration.ofSeconds(30))).nextRound();
            }
            server.federation().awaitCommitted();
            channel.shutdownNow();
            int web = freePort();
            Path yml = dir.resolve("prometheus.yml");
            Files.writeString(yml, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                    + "  - job_name: fl4j\n    static_configs:\n      - targets: ['127.0.0.1:" + server.metricsPort()
                    + "']\n");
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + web)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String answer = queryUntilValue(web, "fl4j_rounds_completed_total", Duration.ofSeconds(40));
                assertThat(answer).as(Files.readString(dir.resolve("prometheus.log")))
                        .contains("\"__name__\":\"fl4j_rounds_completed_total\"", "\"job\":\"fl4j\"")
                        .containsPattern("\"value\":\\[[0-9.]+,\"1\"\\]");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Polls the query API until the result holds a sample, or the time is up; returns the last answer. */
    private static String queryUntilValue(int port, String query, Duration within) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        Instant end = Instant.now().plus(within);
        String last = "(no answer)";
        while (Instant.now().isBefore(end)) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"value\":[")) {
                    return last;
                }
            } catch (IOException e) {
                last = "(" + e + ")";
            }
            Thread.sleep(500);
        }
        return last;
    }

    private static boolean prometheusAvailable() throws Exception {
        if (Files.isExecutable(PROMETHEUS)) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("sh", "-c", "apt-get install -y -q prometheus || (apt-get update -q"
                + " && apt-get install -y -q prometheus)").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(10, TimeUnit.MINUTES);
        // the package starts its own service: stop it, this test runs its own server
        new ProcessBuilder("sh", "-c", "service prometheus stop || true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        return Files.isExecutable(PROMETHEUS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
