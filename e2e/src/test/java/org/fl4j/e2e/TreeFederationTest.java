package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OperationsOptions;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.CollaboratorRegistry;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.WireLimits;
import org.fl4j.tree.IntermediateAggregator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tree of aggregators in one JVM over loopback mutual TLS with our PKI's certificates: a root, two intermediate
 * aggregators (hub-a over site1 and site2, hub-b over site3 and site4) and four real collaborator loops training
 * the pure-Java runner on MNIST shards. FedAvg over the tree equals FedAvg over the flat federation of the same
 * four sites, also under a server optimizer at the root; the sites' metrics reach the root's log with their
 * origin; a hub the root does not admit is refused; a subtree that dies mid-round is closed out by the root's
 * cutoff.
 */
class TreeFederationTest {

    static final List<String> SITES = List.of("site1", "site2", "site3", "site4");
    static final Map<String, List<String>> HUBS = Map.of("hub-a", List.of("site1", "site2"), "hub-b",
            List.of("site3", "site4"));
    static final String DONE = "all 3 rounds are done";

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AggregatorServer> servers = new ArrayList<>();
    private TestPki pki;

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (AggregatorServer s : servers) {
            s.close();
        }
    }

    @ParameterizedTest(name = "{0} at the root")
    @ValueSource(strings = {"WeightedAverage", "FedAdam"})
    void twoLevelTree_equalsFlatFedAvg_andForwardsSiteMetricsWithOrigin(String strategy) throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "site1", "site2", "site3", "site4", "hub-a", "hub-b");
        Sites flat = Sites.create(dir.resolve("flat"), pki, 3, Sites.WAIT_FOR_ALL, SITES, "",
                p -> withStrategy(p, strategy));
        AggregatorServer flatRoot = root(flat);
        List<Future<String>> flatSites = new ArrayList<>();
        for (String site : SITES) {
            flatSites.add(site(flat, site, r -> r));
        }
        for (Future<String> f : flatSites) {
            assertThat(f.get(180, TimeUnit.SECONDS)).isEqualTo(DONE);
        }
        flatRoot.awaitFinished();

        Sites tree = treeSites(dir.resolve("tree"), strategy, Sites.WAIT_FOR_ALL, List.of("hub-a", "hub-b"));
        AggregatorServer treeRoot = root(tree);
        List<Future<String>> hubs = new ArrayList<>();
        for (String hub : List.of("hub-a", "hub-b")) {
            hubs.add(hub(tree, hub));
        }
        List<Future<String>> treeSites = new ArrayList<>();
        for (String site : SITES) {
            treeSites.add(site(tree, site, r -> r));
        }
        for (Future<String> f : treeSites) {
            assertThat(f.get(180, TimeUnit.SECONDS)).isEqualTo(DONE);
        }
        for (Future<String> f : hubs) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(DONE);
        }
        treeRoot.awaitFinished();

        ModelWeights flatModel = lastModel(flat);
        ModelWeights treeModel = lastModel(tree);
        assertThat(maxDifference(flatModel, treeModel)).isLessThan(2e-6f).isGreaterThanOrEqualTo(0f);
        assertThat(maxDifference(flatModel, initialModel(flat))).isGreaterThan(1e-3f);

        List<String> treeLog = Sites.lines(tree.metricsLog());
        for (String hub : HUBS.keySet()) {
            for (String site : HUBS.get(hub)) {
                for (int round = 0; round < 3; round++) {
                    String prefix = "{\"round\":" + round + ",\"origin\":\"" + hub + "/" + site + "\",\"task\":\"";
                    for (String task : List.of("aggregated_model_validation", "train",
                            "locally_tuned_model_validation")) {
                        assertThat(treeLog).anyMatch(l -> l.startsWith(prefix + task + "\""));
                    }
                }
            }
        }
        for (int round = 0; round < 3; round++) {
            for (String task : List.of("aggregated_model_validation", "locally_tuned_model_validation")) {
                assertThat(aggregated(treeLog, round, task)).isCloseTo(aggregated(Sites.lines(flat.metricsLog()),
                        round, task), org.assertj.core.api.Assertions.within(1e-9));
            }
        }
    }

    @Test
    void hubNotRegisteredAtTheRoot_refusedWithItsName_andTheRootGoesOnWithTheOtherSubtree() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "site1", "site2", "site3", "site4", "hub-a", "hub-b");
        Sites tree = treeSites(dir.resolve("tree"), "WeightedAverage", Sites.WAIT_FOR_ALL, List.of("hub-a"));
        AggregatorServer root = root(tree);
        Future<String> hubA = hub(tree, "hub-a");
        Future<String> hubB = hub(tree, "hub-b");
        List<Future<String>> sitesA = List.of(site(tree, "site1", r -> r), site(tree, "site2", r -> r));

        assertThatThrownBy(() -> hubB.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(FederationException.class)
                .cause().satisfies(e -> {
                    assertThat(((FederationException) e).kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("'hub-b' is not in plan/cols.yaml");
                });
        for (Future<String> f : sitesA) {
            assertThat(f.get(180, TimeUnit.SECONDS)).isEqualTo(DONE);
        }
        assertThat(hubA.get(60, TimeUnit.SECONDS)).isEqualTo(DONE);
        root.awaitFinished();
        assertThat(Sites.lines(tree.metricsLog())).noneMatch(l -> l.contains("hub-b"))
                .anyMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"hub-a/site2\""));
    }

    @Test
    void subtreeDiesMidRound_theRootsCutoffClosesTheRoundsWithoutIt() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "site1", "site2", "site3", "site4", "hub-a", "hub-b");
        Sites tree = treeSites(dir.resolve("tree"), "WeightedAverage", Sites.cutoff(6, 1), List.of("hub-a", "hub-b"));
        AggregatorServer root = root(tree);
        try (LogCapture log = new LogCapture("org.fl4j.aggregator.round.Federation")) {
            hub(tree, "hub-a");
            Future<String> hubB = hub(tree, "hub-b");
            AggregatorServer hubBServer = servers.get(servers.size() - 1);
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<String>> sitesA = List.of(site(tree, "site1", r -> r), site(tree, "site2", r -> r));
            site(tree, "site3", r -> new BlocksInRoundOne(r, blocked, release));
            site(tree, "site4", r -> r);
            try {
                assertThat(blocked.await(120, TimeUnit.SECONDS)).isTrue();
                hubBServer.close();
                assertThatThrownBy(() -> hubB.get(60, TimeUnit.SECONDS)).hasMessageContaining("shutting down");

                for (Future<String> f : sitesA) {
                    assertThat(f.get(180, TimeUnit.SECONDS)).isEqualTo(DONE);
                }
                root.awaitFinished();
            } finally {
                release.countDown();
            }
            List<String> lines = Sites.lines(tree.metricsLog());
            assertThat(lines).anyMatch(l -> l.startsWith("{\"round\":0,\"origin\":\"hub-b/site3\""))
                    .noneMatch(l -> l.startsWith("{\"round\":1,\"origin\":\"hub-b"))
                    .noneMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"hub-b"))
                    .anyMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"hub-a/site1\""));
            assertThat(log.lines()).anyMatch(l -> l.contains("Closing round 1 without [hub-b]"))
                    .anyMatch(l -> l.contains("Closing round 2 without [hub-b]"));
        }
    }

    /** A runner that blocks its round-1 training until released, after saying so. */
    private record BlocksInRoundOne(TaskRunner runner, CountDownLatch blocked, CountDownLatch release)
            implements TaskRunner {
        @Override
        public ModelWeights weights() {
            return runner.weights();
        }

        @Override
        public void setWeights(ModelWeights weights) {
            runner.setWeights(weights);
        }

        @Override
        public TaskResult train(TaskContext context) {
            if (context.round() == 1) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return runner.train(context);
        }

        @Override
        public TaskResult validate(TaskContext context) {
            return runner.validate(context);
        }

        @Override
        public long trainingSampleCount() {
            return runner.trainingSampleCount();
        }

        @Override
        public long validationSampleCount() {
            return runner.validationSampleCount();
        }
    }

    /** The four sites under two hubs; {@code registered} are the hubs in the root's cols.yaml. */
    private Sites treeSites(Path root, String strategy, String straggler, List<String> registered)
            throws java.io.IOException {
        int portA = Sites.freePort();
        int portB = Sites.freePort();
        Sites sites = Sites.create(root, pki, 3, straggler, SITES, "", p -> withTree(withStrategy(p, strategy),
                portA, portB));
        for (String hub : registered) {
            CollaboratorRegistry.register(sites.aggregator(), hub);
        }
        return sites;
    }

    static String withStrategy(String plan, String strategy) {
        return plan.replace("  defaults: plan/defaults/tasks.yaml\n", "  defaults: plan/defaults/tasks.yaml\n"
                + "  train:\n    aggregation_type:\n      template: fl4j." + strategy + "\n");
    }

    static String withTree(String plan, int portA, int portB) {
        return plan.replace("    long_poll_seconds: 5\n", """
                    long_poll_seconds: 5
                    tree:
                      hub-a:
                        address: localhost
                        port: %d
                        collaborators: [site1, site2]
                      hub-b:
                        address: localhost
                        port: %d
                        collaborators: [site3, site4]
                """.formatted(portA, portB));
    }

    private AggregatorServer root(Sites sites) throws Exception {
        Plan plan = PlanReader.read(sites.aggregator());
        AggregatorServer server = AggregatorServer.startTls(AggregatorConfig.fromPlan(plan, sites.aggregator()),
                pki.server(), TlsVersion.TLS_1_3, new InetSocketAddress("127.0.0.1", plan.aggregatorPort()),
                Clock.systemUTC());
        servers.add(server);
        return server;
    }

    /** Starts intermediate aggregator {@code hub} in a folder of its own, reporting to the root on a thread. */
    private Future<String> hub(Sites sites, String hub) throws Exception {
        Plan plan = PlanReader.read(sites.aggregator());
        Path ws = Files.createDirectories(sites.root.resolve(hub));
        Subtree subtree = new Subtree();
        var node = plan.tree().node(hub).orElseThrow();
        AggregatorServer server = AggregatorServer.startIntermediateTls(AggregatorConfig.forIntermediate(plan, ws,
                hub), subtree, OperationsOptions.NONE, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", node.port()), Clock.systemUTC());
        servers.add(server);
        CollaboratorConfig config = CollaboratorConfig.fromPlan(plan, hub).withReconnect(java.time.Duration
                .ofMillis(200), java.time.Duration.ofSeconds(1));
        ManagedChannel channel = channel(plan, hub);
        return threads.submit(() -> new IntermediateAggregator(hub, subtree, server).run(channel, config));
    }

    private Future<String> site(Sites sites, String name, UnaryOperator<TaskRunner> wrap) throws Exception {
        Path site = sites.collaborator(name);
        Plan plan = PlanReader.read(site);
        TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                plan.aggregator().seed(), 1));
        Collaborator c = Collaborator.over(channel(plan, name), CollaboratorConfig.fromPlan(plan, name),
                wrap.apply(runner));
        return threads.submit(c::run);
    }

    private ManagedChannel channel(Plan plan, String name) {
        var parent = plan.parentEndpoint(name);
        ManagedChannel c = CollaboratorChannels.mutualTls(parent.getKey(), parent.getValue(), pki.client(name),
                TlsVersion.TLS_1_3, new WireLimits(plan.network().chunkBytes(), plan.network().maxModelBytes()));
        channels.add(c);
        return c;
    }

    private static ModelWeights lastModel(Sites sites) throws Exception {
        Plan plan = PlanReader.read(sites.aggregator());
        return ModelFile.read(AggregatorConfig.fromPlan(plan, sites.aggregator()).paths().lastModel()).weights();
    }

    private static ModelWeights initialModel(Sites sites) throws Exception {
        Plan plan = PlanReader.read(sites.aggregator());
        return ModelFile.read(AggregatorConfig.fromPlan(plan, sites.aggregator()).paths().initModel()).weights();
    }

    private static float maxDifference(ModelWeights a, ModelWeights b) {
        float max = 0;
        for (int t = 0; t < a.tensorCount(); t++) {
            float[] x = a.tensors().get(t).values();
            float[] y = b.tensors().get(t).values();
            assertThat(y).hasSameSizeAs(x);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    private static double aggregated(List<String> log, int round, String task) {
        String line = log.stream().filter(l -> l.startsWith("{\"round\":" + round + ",\"origin\":\"aggregator\","
                + "\"task\":\"" + task + "\",\"metric\":\"accuracy\"")).findFirst().orElseThrow();
        return Double.parseDouble(line.replaceAll(".*\"value\":([^,]+),.*", "$1"));
    }
}
