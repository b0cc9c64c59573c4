package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.pki.TestPki;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole federation in one JVM: the real aggregator and three real collaborator loops training the pure-Java
 * runner on MNIST shards, each site from its own workspace folder; run per transport.
 */
abstract class AbstractWholeFederationTest {

    @TempDir
    Path dir;

    protected TestPki pki;
    protected AggregatorServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    abstract AggregatorServer start(AggregatorConfig config) throws Exception;

    abstract ManagedChannel channel(String collaborator, Path site, Plan plan) throws Exception;

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    /** Creates the PKI and the sites of a 3-round federation and starts its aggregator. */
    Sites startFederation() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL);
        server = start(AggregatorConfig.fromPlan(PlanReader.read(sites.aggregator()), sites.aggregator()));
        return sites;
    }

    @Test
    void threeSites_threeRounds_trainToAbove85PercentAndQuit() throws Exception {
        Sites sites = startFederation();
        Plan aggPlan = PlanReader.read(sites.aggregator());
        AggregatorConfig config = AggregatorConfig.fromPlan(aggPlan, sites.aggregator());

        List<Future<String>> results = new ArrayList<>();
        for (String name : Sites.COLLABORATORS) {
            Path site = sites.collaborator(name);
            Plan plan = PlanReader.read(site);
            assertThat(plan.federationId()).isEqualTo(aggPlan.federationId());
            ManagedChannel channel = channel(name, site, plan);
            channels.add(channel);
            TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                    plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                    plan.aggregator().seed(), 1));
            Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name), runner);
            results.add(threads.submit(collaborator::run));
        }
        for (Future<String> r : results) {
            assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("all 3 rounds are done");
        }
        server.awaitFinished();

        List<String> lines = Sites.lines(sites.metricsLog());
        assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"aggregator\"")).hasSize(3 * 3);
        for (String name : Sites.COLLABORATORS) {
            assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"" + name + "\"")).hasSize(3 * 3);
        }
        String lastAccuracy = lines.stream().filter(l -> l.startsWith("{\"round\":2,\"origin\":\"aggregator\","
                + "\"task\":\"locally_tuned_model_validation\"")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(lastAccuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"));
        assertThat(accuracy).isGreaterThan(0.85);
        SavedModel last = ModelFile.read(config.paths().lastModel());
        SavedModel best = ModelFile.read(config.paths().bestModel());
        assertThat(last.round()).isEqualTo(3);
        assertThat(best.round()).isEqualTo(2);
        assertThat(best.provenance()).containsEntry("plan_hash", aggPlan.hash());
    }
}
