package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree of aggregators as separate {@code fx} processes over loopback mutual TLS, each from its own workspace:
 * the root, intermediate aggregator hub-a ({@code fx aggregator start --intermediate hub-a}, with a server and a
 * collaborator certificate) over site1 and site2 (workers of one institution sharing a workspace, each on its
 * shard), and site3 reporting to the root directly.
 */
class TreeFederationIT {

    private static final Duration RUN = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final List<FxProcess> processes = new ArrayList<>();

    @AfterEach
    void cleanup() {
        processes.forEach(FxProcess::close);
    }

    @Test
    void rootHubAndSites_asProcesses_threeRounds_siteMetricsReachTheRootWithTheirOrigin() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "site1", "site2", "site3", TreeSites.HUB);
        Sites sites = TreeSites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL,
                List.of("site1", "site2", "site3"), List.of("site1", "site2"), Sites.freePort());
        Path hub = TreeSites.hubWorkspace(sites, pki, dir.resolve("hub-a"));
        Path workers = TreeSites.workersWorkspace(sites, pki, dir.resolve("workers"), List.of("site1", "site2"));

        Path logs = dir.resolve("logs");
        FxProcess root = start(FxProcess.start("root", sites.aggregator(), logs, "aggregator", "start"));
        FxProcess hubA = start(FxProcess.start("hub-a", hub, logs, "aggregator", "start", "--intermediate", "hub-a"));
        List<FxProcess> all = new ArrayList<>(List.of(root, hubA));
        for (String site : List.of("site1", "site2", "site3")) {
            Path ws = site.equals("site3") ? sites.collaborator(site) : workers;
            all.add(start(FxProcess.start(site, ws, logs, "collaborator", "start", "-n", site, "--give-up-after",
                    "60")));
        }
        for (FxProcess p : all) {
            assertThat(p.exitCode(RUN)).as("exit code of %s:\n%s", p.name(), p.output()).isZero();
        }

        assertThat(hubA.output()).contains("Intermediate aggregator hub-a finished: all 3 rounds are done",
                "Round 2 closed in", "averaged (weight");
        assertThat(processes.get(2).output()).contains("joining federation", "at aggregator localhost",
                "The aggregator ended the federation: all 3 rounds are done");
        List<String> lines = Sites.lines(sites.metricsLog());
        for (String origin : List.of("hub-a", "hub-a/site1", "hub-a/site2", "site3")) {
            assertThat(lines).as(origin).anyMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"" + origin
                    + "\",\"task\":\"locally_tuned_model_validation\""));
        }
        assertThat(lines).noneMatch(l -> l.contains("\"origin\":\"site1\""));
        String accuracy = lines.stream().filter(l -> l.startsWith("{\"round\":2,\"origin\":\"aggregator\","
                + "\"task\":\"aggregated_model_validation\",\"metric\":\"accuracy\"")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(accuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"))).isGreaterThan(0.85);
        assertThat(Sites.lines(hub.resolve("logs/metrics.jsonl")))
                .anyMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"site2\""));
    }

    private FxProcess start(FxProcess p) {
        processes.add(p);
        return p;
    }
}
