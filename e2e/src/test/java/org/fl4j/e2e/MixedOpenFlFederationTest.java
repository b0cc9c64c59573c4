package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OpenFlOptions;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.OpenFlSettings;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.OpenFlIdentity;
import org.fl4j.protocol.openfl.OpenFlTestClient;
import org.fl4j.protocol.openfl.OpenFlTestCollaborator;
import org.fl4j.protocol.rpc.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One federation, two protocols: two fl4j sites (the real {@link Collaborator} loop with the pure-Java runner
 * on MNIST shards) and an OpenFL collaborator (played from OpenFL's protos) on the same model, against one
 * aggregator over mutual TLS; their results share every round.
 */
class MixedOpenFlFederationTest {

    @TempDir
    Path dir;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private AggregatorServer server;

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

    @Test
    void run_twoFl4jSitesAndOneOpenFlSite_everyRoundAveragesAllThree() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 2, Sites.WAIT_FOR_ALL);
        Plan aggPlan = PlanReader.read(sites.aggregator());
        AggregatorConfig config = AggregatorConfig.fromPlan(aggPlan, sites.aggregator());
        OpenFlIdentity identity = OpenFlIdentity.ofFederation("plan.yaml_0badc0de");
        OpenFlOptions openfl = OpenFlOptions.of(new OpenFlSettings(OpenFlSettings.TEMPLATE,
                identity.federationUuid(), identity.aggregatorUuid(), Map.of()), aggPlan.tasks());
        server = AggregatorServer.startTls(config, openfl,
                TlsFiles.aggregator(PkiLayout.of(sites.aggregator()), TestPki.AGGREGATOR), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());

        List<Future<String>> fl4j = new ArrayList<>();
        for (String name : List.of("alpha", "bravo")) {
            Path site = sites.collaborator(name);
            Plan plan = PlanReader.read(site);
            ManagedChannel channel = CollaboratorChannels.mutualTls(plan.aggregatorAddress(), server.port(),
                    TlsFiles.collaborator(PkiLayout.of(site), name), TlsVersion.TLS_1_3,
                    new WireLimits(plan.network().chunkBytes(), plan.network().maxModelBytes()));
            channels.add(channel);
            TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                    plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                    plan.aggregator().seed(), 1));
            Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name), runner);
            fl4j.add(threads.submit(collaborator::run));
        }
        ModelWeights layout = ModelFile.read(config.paths().initModel()).weights();
        OpenFlTestClient client = new OpenFlTestClient("charlie", identity, charlieChannel(pki),
                OpenFlTestClient.Version.V1_9, 20, Duration.ofMillis(500));
        Future<List<Long>> openFl = threads.submit(() -> new OpenFlTestCollaborator(client, layout,
                OpenFlTestCollaborator.defaultTasks(), new Nudge(), false).run());

        for (Future<String> r : fl4j) {
            assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("all 2 rounds are done");
        }
        assertThat(openFl.get(60, TimeUnit.SECONDS)).containsExactly(0L, 1L);
        server.awaitFinished();
        List<String> lines = Sites.lines(sites.metricsLog());
        for (String name : Sites.COLLABORATORS) {
            assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"" + name + "\"")).hasSize(2 * 3);
        }
        assertThat(lines).anyMatch(l -> l.startsWith("{\"round\":1,\"origin\":\"charlie\",\"task\":\"train\","
                + "\"metric\":\"loss\",\"value\":0.25"));
        SavedModel last = ModelFile.read(config.paths().lastModel());
        assertThat(last.round()).isEqualTo(2);
        assertThat(last.weights().sameLayout(layout)).isTrue();
    }

    private java.util.function.Supplier<ManagedChannel> charlieChannel(TestPki pki) {
        return () -> {
            ManagedChannel c = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()),
                    TlsContexts.client(pki.client("charlie"))).maxInboundMessageSize(64 << 20).build();
            synchronized (channels) {
                channels.add(c);
            }
            return c;
        };
    }

    /** OpenFL's side: sends the global model back nudged towards zero, with fixed metrics. */
    private static final class Nudge implements OpenFlTestCollaborator.Runner {
        @Override
        public ModelWeights train(ModelWeights global, long round) {
            List<Tensor> out = new ArrayList<>();
            for (Tensor t : global.tensors()) {
                float[] v = t.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= 0.99f;
                }
                out.add(new Tensor(t.name(), t.shape(), v));
            }
            return new ModelWeights(out);
        }

        @Override
        public double loss(long round) {
            return 1.0 / (round + 3);
        }

        @Override
        public double accuracy(long round, boolean local) {
            return 0.5;
        }

        @Override
        public long trainSize() {
            return 100;
        }

        @Override
        public long validSize() {
            return 50;
        }
    }
}
