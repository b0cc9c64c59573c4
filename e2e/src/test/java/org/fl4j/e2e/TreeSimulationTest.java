package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.dl4j.experiment.Simulation;
import org.fl4j.dl4j.experiment.SliceResult;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.TestPlans;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.rpc.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulation spread over slices: the root aggregator of a dl4j_mlp_mnist workspace over mutual TLS, and two
 * slices of 8 virtual sites (4 each, as {@code fx simulate --sites 8 --intermediate sim-K --slice K/2} runs them),
 * each behind its intermediate aggregator reporting to the root with its certificate.
 */
class TreeSimulationTest {

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoSlicesOfEightSites_behindTwoIntermediateAggregators_trainTwoRoundsAtTheRoot() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "sim-1", "sim-2");
        Path ws = TestPlans.workspace(dir.resolve("root"), "dl4j_mlp_mnist", "sim-1", "sim-2");
        int port = Sites.freePort();
        Path planFile = ws.resolve("plan/plan.yaml");
        Files.writeString(planFile, Files.readString(planFile)
                .replace("rounds_to_train: 10", "rounds_to_train: 2\n    quit_grace_seconds: 5")
                .replace("network:\n  defaults: plan/defaults/network.yaml\n", """
                        network:
                          defaults: plan/defaults/network.yaml
                          settings:
                            agg_addr: localhost
                            agg_port: %d
                            long_poll_seconds: 5
                            tree:
                              sim-1: {address: localhost, port: %d}
                              sim-2: {address: localhost, port: %d}
                        """.formatted(port, Sites.freePort(), Sites.freePort())));
        Sites.fx(ws, "plan", "initialize");
        Plan plan = PlanReader.read(ws);
        AggregatorConfig config = AggregatorConfig.fromPlan(plan, ws);
        assertThat(config.collaborators()).containsExactly("sim-1", "sim-2");

        List<Future<SliceResult>> slices = new ArrayList<>();
        try (AggregatorServer root = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", port), Clock.systemUTC())) {
            for (int k = 1; k <= 2; k++) {
                String node = "sim-" + k;
                ManagedChannel channel = CollaboratorChannels.mutualTls("localhost", port, pki.client(node),
                        TlsVersion.TLS_1_3, WireLimits.DEFAULT);
                channels.add(channel);
                Simulation.Builder slice = Simulation.builder().workspace(ws).workDir(dir.resolve(node)).sites(8)
                        .threads(1).slice(node, channel, k, 2);
                slices.add(threads.submit(slice::runSlice));
            }
            List<SliceResult> results = new ArrayList<>();
            for (Future<SliceResult> f : slices) {
                results.add(f.get(300, TimeUnit.SECONDS));
            }
            root.awaitFinished();
            assertThat(results).extracting(SliceResult::firstSite).containsExactly(1, 5);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.sites()).isEqualTo(4);
                assertThat(r.reason()).isEqualTo("all 2 rounds are done");
            });
        }
        assertThat(ModelFile.read(config.paths().lastModel()).round()).isEqualTo(2);
        List<String> lines = Sites.lines(config.paths().metricsLog());
        for (String origin : List.of("sim-1/site1", "sim-1/site4", "sim-2/site5", "sim-2/site8")) {
            assertThat(lines).as(origin).anyMatch(l -> l.startsWith("{\"round\":1,\"origin\":\"" + origin
                    + "\",\"task\":\"train\""));
        }
        String accuracy = lines.stream().filter(l -> l.startsWith("{\"round\":1,\"origin\":\"aggregator\","
                + "\"task\":\"aggregated_model_validation\",\"metric\":\"accuracy\"")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(accuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"))).isGreaterThan(0.5);
    }
}
