package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.metrics.RealPrometheus;
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

    @TempDir
    Path dir;

    @Test
    void scrape_realPrometheus_queryReturnsTheRoundCounter() throws Exception {
        assumeTrue(RealPrometheus.available(), "skipped: /usr/bin/prometheus is missing and the test is not running as"
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
            try (RealPrometheus prometheus = RealPrometheus.scraping(dir, "fl4j", "127.0.0.1:"
                    + server.metricsPort())) {
                String answer = prometheus.queryUntilValue("fl4j_rounds_completed_total", Duration.ofSeconds(40));
                assertThat(answer).as(prometheus.log())
                        .contains("\"__name__\":\"fl4j_rounds_completed_total\"", "\"job\":\"fl4j\"")
                        .containsPattern("\"value\":\\[[0-9.]+,\"1\"\\]");
            }
        }
    }
}
