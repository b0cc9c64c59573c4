package org.fl4j.aggregator.openfl;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OpenFlOptions;
import org.fl4j.aggregator.TestFederations;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.OpenFlSettings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.openfl.OpenFlIdentity;
import org.fl4j.protocol.openfl.OpenFlTestClient;
import org.fl4j.protocol.openfl.OpenFlTestCollaborator;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * An aggregator serving fl4j's and OpenFL's protocols over mutual TLS on a loopback port, with certificates from
 * our PKI, and OpenFL collaborators ({@link OpenFlTestCollaborator}) to it. Models are OpenFL's {@code .pbuf}
 * files. Everything opened is closed by {@link #close()}.
 */
final class OpenFlSites implements AutoCloseable {

    static final String FEDERATION_UUID = "plan.yaml_1f2e3d4c";
    static final OpenFlIdentity IDENTITY = OpenFlIdentity.ofFederation(FEDERATION_UUID);

    final TestPki pki;
    final AggregatorConfig config;
    final OpenFlOptions options;
    AggregatorServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();

    OpenFlSites(Path dir, Path workspace, List<String> collaborators, int rounds) {
        this.pki = TestPki.create(dir, collaborators.toArray(String[]::new));
        Assigner assigner = new Assigner.RandomGrouped(List.of(new Assigner.RandomGroup("train_and_validate", 1.0,
                TestFederations.TASKS)));
        this.config = new AggregatorConfig(TestFederations.AGGREGATOR, "fl4j-0123456789abcdef", collaborators, rounds,
                assigner, TestFederations.tasks(), new StragglerPolicy.WaitForAll(),
                new BestModelMetric(BestModelMetric.DEFAULT_TASK, BestModelMetric.DEFAULT_METRIC, true),
                AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.pbuf"), Path.of("save/best.pbuf"),
                        Path.of("save/last.pbuf"), Path.of("save/checkpoint.fl4j")),
                new WireLimits(64, 1 << 20), Duration.ofSeconds(2), Duration.ofSeconds(3), 7, Map.of("plan_hash", "t"),
                2, org.fl4j.plan.UpdateStaging.MEMORY);
        this.options = OpenFlOptions.of(new OpenFlSettings(OpenFlSettings.TEMPLATE, FEDERATION_UUID,
                IDENTITY.aggregatorUuid(), Map.of("train", "train_task", "aggregated_model_validation", "validate_task",
                        "locally_tuned_model_validation", "validate_task")), TestFederations.tasks());
    }

    AggregatorServer start() throws Exception {
        TestFederations.writeInitialModel(config);
        server = AggregatorServer.startTls(config, options, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
        return server;
    }

    ManagedChannel channel(TlsFiles files) {
        ManagedChannel c = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()),
                TlsContexts.client(files)).maxInboundMessageSize(64 << 20).build();
        synchronized (channels) {
            channels.add(c);
        }
        return c;
    }

    OpenFlTestClient client(String name, OpenFlTestClient.Version version) {
        return client(name, version, pki.client(name));
    }

    OpenFlTestClient client(String name, OpenFlTestClient.Version version, TlsFiles files) {
        return new OpenFlTestClient(name, IDENTITY, () -> channel(files), version, 5, Duration.ofMillis(200));
    }

    /** A client that makes each call once (refusals are not retried), with any identity and certificate. */
    OpenFlTestClient once(String name, OpenFlIdentity identity, TlsFiles files) {
        return new OpenFlTestClient(name, identity, () -> channel(files), OpenFlTestClient.Version.V1_9, 1,
                Duration.ZERO);
    }

    /** An OpenFL collaborator that trains and validates as {@link TestFederations} and ScriptedSite expect. */
    OpenFlTestCollaborator collaborator(String name, OpenFlTestClient.Version version, boolean delta) {
        return new OpenFlTestCollaborator(client(name, version), TestFederations.initialModel(),
                OpenFlTestCollaborator.defaultTasks(), runner(name), delta);
    }

    static OpenFlTestCollaborator.Runner runner(String name) {
        return new OpenFlTestCollaborator.Runner() {
            @Override
            public ModelWeights train(ModelWeights global, long round) {
                return TestFederations.trained(global, name, round);
            }

            @Override
            public double loss(long round) {
                return 1.0 / (round + 2);
            }

            @Override
            public double accuracy(long round, boolean local) {
                return 0.5 + 0.1 * round + (local ? 0.05 : 0) + 0.01 * TestFederations.COLLABORATORS.indexOf(name);
            }

            @Override
            public long trainSize() {
                return TestFederations.samples(name);
            }

            @Override
            public long validSize() {
                return TestFederations.samples(name) / 2;
            }
        };
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
        synchronized (channels) {
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
