package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many real collaborators on one aggregator (issue 27): each virtual collaborator has its own certificate from
 * our PKI and its own mutual-TLS connection over loopback to the real aggregator on Netty, in this JVM. They share
 * one Netty event loop, and each runs on a thread of its own; at most {@code fl4j.scale.active} (32) of them hold a
 * model at once, so that a thousand fit in one test JVM. A collaborator "trains" by adding a shift of its own
 * to the global model. Bounded for {@code mvn verify} at 200 collaborators, 2 rounds and a 10,000-parameter model;
 * the benchmark runs it bigger:
 *
 * <pre>
 * mvn -B -o -pl aggregator -am test -Dtest=ManyCollaboratorsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfl4j.scale.collaborators=1000 -Dfl4j.scale.parameters=1000000 -Dfl4j.scale.rounds=3
 * </pre>
 *
 * and prints one line of figures ({@code MANY-COLLABORATORS ...}).
 */
class ManyCollaboratorsTest {

    private static final int COLLABORATORS = Integer.getInteger("fl4j.scale.collaborators", 200);
    private static final int PARAMETERS = Integer.getInteger("fl4j.scale.parameters", 10_000);
    private static final int ROUNDS = Integer.getInteger("fl4j.scale.rounds", 2);
    /** Collaborators holding a model at the same time in this JVM (the others wait, connected, as if training). */
    private static final int ACTIVE = Integer.getInteger("fl4j.scale.active", 32);
    private static final java.util.concurrent.Semaphore WORKING = new java.util.concurrent.Semaphore(ACTIVE);

    @TempDir
    Path dir;

    @Test
    void federation_manyCollaboratorsOverMutualTls_everyRoundClosesWithEveryResultAndNoRefusal() throws Exception {
        federation(i -> false, new StragglerPolicy.WaitForAll(), "MANY-COLLABORATORS");
    }

    /**
     * One collaborator in 20 is killed in round 0 after downloading the model (its connection closed before it
     * uploads, as when its process dies) and never comes back; the plan's fl4j.Percentage of 0.95 closes every
     * round at the 95% still alive, and the model is FedAvg over them.
     */
    @Test
    void federation_fivePercentKilledMidRound_roundsCloseWithTheRestAndAverageThem() throws Exception {
        assertThat(COLLABORATORS % 20).as("one in 20 killed is exactly 5%").isZero();
        federation(i -> i % 20 == 0, new StragglerPolicy.Percentage(0.95, 1), "MANY-COLLABORATORS-KILLED");
    }

    private void federation(java.util.function.IntPredicate killed, StragglerPolicy policy, String label)
            throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < COLLABORATORS; i++) {
            names.add(String.format("site%04d", i));
        }
        long t0 = System.nanoTime();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        for (String n : names) {
            pki.addClient(n);
        }
        double certSeconds = (System.nanoTime() - t0) / 1e9;
        double certsPerSecond = COLLABORATORS / certSeconds;

        AggregatorConfig config = config(dir.resolve("ws"), names, policy);
        ModelWeights initial = model(PARAMETERS);
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), initial));
        AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
        NioEventLoopGroup loop = new NioEventLoopGroup(2);
        ExecutorService sites = Executors.newFixedThreadPool(COLLABORATORS);
        ExecutorService grpc = Executors.newCachedThreadPool();
        List<ManagedChannel> channels = new ArrayList<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong bytes = new AtomicLong();
        long[] roundEnds = new long[ROUNDS];
        try {
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < COLLABORATORS; i++) {
                String name = names.get(i);
                ManagedChannel channel = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR,
                                server.port()), TlsContexts.client(pki.client(name)))
                        .eventLoopGroup(loop).channelType(NioSocketChannel.class).executor(grpc)
                        .maxInboundMessageSize(config.limits().maxMessageBytes()).build();
                channels.add(channel);
                FederationClient client = new FederationClient(channel, new Route(name, config.name(),
                        config.federationId()), config.limits(), Duration.ofMinutes(10));
                int index = i;
                Runnable kill = killed.test(i) ? channel::shutdownNow : null;
                running.add(sites.submit(() -> run(client, index, kill, bytes, failures, roundEnds, start)));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.MINUTES);
            }
            server.federation().awaitCommitted();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();

            assertThat(failures).isEmpty();
            assertThat(server.handshakeRefusals().total()).isZero();
            assertThat(server.federation().round()).isEqualTo(ROUNDS);
            ModelWeights expected = initial;
            for (int r = 0; r < ROUNDS; r++) {
                expected = expectedAverage(expected, r, killed.negate());
            }
            // Each collaborator's update is rounded to float before it is averaged: compare to that precision.
            ModelWeights saved = ModelFile.read(config.paths().lastModel()).weights();
            for (int t = 0; t < expected.tensorCount(); t++) {
                float[] want = expected.tensors().get(t).values();
                float[] got = saved.tensors().get(t).values();
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("tensor %d [%d]", t, i).isCloseTo(want[i],
                            org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
            double[] rounds = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                rounds[r] = (roundEnds[r] - (r == 0 ? start : roundEnds[r - 1])) / 1e9;
            }
            System.out.printf("%s collaborators=%d parameters=%d rounds=%d certs_per_s=%.1f"
                    + " certs_s=%.1f round_s=%s bytes=%d heap_used_mb=%d threads=%d cpu_s=%.1f%n", label,
                    COLLABORATORS, PARAMETERS,
                    ROUNDS, certsPerSecond, certSeconds, Arrays.toString(rounds), bytes.get(), heap >> 20, threads,
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() / 1e9);
        } finally {
            for (ManagedChannel c : channels) {
                c.shutdownNow();
            }
            sites.shutdownNow();
            server.close();
            grpc.shutdownNow();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * One virtual collaborator: asks for tasks until told to quit, running each round's tasks; with {@code kill},
     * it runs {@code kill} (closing its connection) after its first download and stops, as a killed process.
     */
    private static void run(FederationClient client, int index, Runnable kill, AtomicLong bytes,
            ConcurrentLinkedQueue<String> failures, long[] roundEnds, long start) {
        try {
            while (true) {
                TasksOutcome o = client.tasks(Duration.ofSeconds(20));
                if (o instanceof TasksOutcome.Quit) {
                    return;
                }
                if (!(o instanceof TasksOutcome.Assignment a)) {
                    continue;
                }
                WORKING.acquireUninterruptibly();
                try {
                    ModelWeights global = client.model(a.round());
                    bytes.addAndGet(4L * global.parameterCount());
                    if (kill != null) {
                        kill.run();
                        return;
                    }
                    ModelWeights trained = trained(global, index, a.round());
                    client.send(new TaskUpload(a.round(), "train", samples(index), Map.of("loss", 1.0 / (index + 1)),
                            trained));
                    bytes.addAndGet(4L * trained.parameterCount());
                } finally {
                    WORKING.release();
                }
                synchronized (roundEnds) {
                    roundEnds[(int) a.round()] = Math.max(roundEnds[(int) a.round()], System.nanoTime());
                }
            }
        } catch (RuntimeException e) {
            failures.add("site " + index + ": " + e);
        }
    }

    static long samples(int index) {
        return 10 + index % 7;
    }

    static float shift(int index, long round) {
        return ((index % 11) - 5) * 0.01f + round * 0.001f;
    }

    static ModelWeights trained(ModelWeights global, int index, long round) {
        List<Tensor> out = new ArrayList<>();
        float s = shift(index, round);
        for (Tensor t : global.tensors()) {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += s;
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }

    /** FedAvg of {@link #trained} over the collaborators {@code counted}: the global model plus the mean shift. */
    static ModelWeights expectedAverage(ModelWeights global, long round, java.util.function.IntPredicate counted) {
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < COLLABORATORS; i++) {
            if (!counted.test(i)) {
                continue;
            }
            sum += samples(i) * (double) shift(i, round);
            weight += samples(i);
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : global.tensors()) {
            float[] v = new float[t.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (t.values()[i] + sum / weight);
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }

    /** A two-tensor model of about {@code parameters} values. */
    static ModelWeights model(int parameters) {
        int cols = 10;
        int rows = Math.max(1, (parameters - cols) / cols);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 101) * 0.001f;
        }
        return new ModelWeights(List.of(new Tensor("dense/w", new int[] {rows, cols}, w),
                new Tensor("dense/b", new int[] {cols}, new float[cols])));
    }

    static AggregatorConfig config(Path workspace, List<String> names, StragglerPolicy policy) {
        Assigner assigner = new Assigner.RandomGrouped(List.of(new Assigner.RandomGroup("train", 1.0,
                List.of("train"))));
        return new AggregatorConfig(TestFederations.AGGREGATOR, TestFederations.FEDERATION, names, ROUNDS, assigner,
                Map.of("train", TestFederations.task("train", "train", Map.of("metrics", List.of("loss")))),
                policy, new BestModelMetric("train", "loss", false),
                AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.fl4j"), Path.of("save/best.fl4j"),
                        Path.of("save/last.fl4j"), Path.of("save/checkpoint.fl4j")),
                new WireLimits(1 << 20, 1L << 30), Duration.ofSeconds(10), Duration.ofSeconds(5), 7,
                Map.of("plan_hash", "test"), 2, org.fl4j.plan.UpdateStaging.MEMORY);
    }
}
