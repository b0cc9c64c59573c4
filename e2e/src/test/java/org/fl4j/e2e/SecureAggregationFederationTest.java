package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.secagg.SecureSite;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.SecAggRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole federations with secure aggregation in one JVM: the real aggregator over Netty with mutual TLS on a
 * loopback port, real collaborator loops training the pure-Java softmax runner on MNIST shards, each site from
 * its own folder with its own certificate from our PKI. Checks the model against the same federation without
 * secure aggregation, a site dropping after it shared its keys, and what the aggregator receives from a site.
 */
class SecureAggregationFederationTest {

    private static final String SECURE = "    secure_aggregation: true\n"
            + "    secure_aggregation_settings:\n      setup_timeout_seconds: 5\n";
    private static final List<String> FOUR = List.of("alpha", "bravo", "charlie", "delta");

    @TempDir
    Path dir;

    private AggregatorServer server;
    private int rounds = 2;
    private String task = "locally_tuned_model_validation";
    /** What the aggregator logged about secure aggregation during the last {@link #run}. */
    private List<String> log = List.of();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

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

    /** The global model's accuracy (aggregated_model_validation) of rounds 1 and 2 measures rounds 0 and 1. */
    @Test
    void threeSites_secureAggregation_sameAccuracyAsPlainFedAvgRoundByRound() throws Exception {
        rounds = 3;
        task = "aggregated_model_validation";
        List<Double> plain = run("plain", Sites.COLLABORATORS, "", Sites.WAIT_FOR_ALL, Map.of());
        List<Double> secure = run("secure", Sites.COLLABORATORS, SECURE, Sites.WAIT_FOR_ALL, Map.of());
        assertThat(log).anyMatch(l -> l.contains("Secure aggregation is on"))
                .anyMatch(l -> l.contains("Secure aggregation, round 0: stage ADVERTISE_KEYS closed"))
                .anyMatch(l -> l.contains("Secure aggregation, round 1: unmasked in") && l.contains(
                        "survivors [alpha, bravo, charlie], dropped []"));
        assertThat(secure).hasSize(3);
        for (int r = 1; r < 3; r++) {
            assertThat(Math.abs(secure.get(r) - plain.get(r))).as("round %d: secure %s, plain %s", r, secure.get(r),
                    plain.get(r)).isLessThanOrEqualTo(0.005);
        }
        assertThat(secure.get(2)).isGreaterThan(0.8);
    }

    @Test
    void fourSites_oneDropsAfterSharingKeys_roundsCompleteWithoutIt() throws Exception {
        List<Double> accuracy = run("dropout", FOUR, SECURE, Sites.cutoff(8, 3),
                Map.of("delta", CrashesWhenTraining::new));
        assertThat(accuracy).hasSize(2);
        assertThat(accuracy.get(1)).isGreaterThan(0.8);
        assertThat(log).anyMatch(l -> l.contains("Secure aggregation, round 0: stage MASKED_INPUT closed")
                && l.contains("out: [delta]"))
                .anyMatch(l -> l.contains("Secure aggregation, round 0: unmasked in")
                        && l.contains("survivors [alpha, bravo, charlie], dropped [delta]"));
    }

    @Test
    void aggregatorsView_maskedInputDiffersFromTheSitesQuantisedDeltaEverywhere() throws Exception {
        Capture capture = new Capture();
        Map<String, UnaryOperator<TaskRunner>> wraps = Map.of("bravo", capture::watch);
        run("view", Sites.COLLABORATORS, SECURE, Sites.WAIT_FOR_ALL, wraps, capture);

        List<ResultChunk> train = capture.trainUpload(0);
        assertThat(train.get(0).getBegin().getSampleCount()).isEqualTo(1);
        assertThat(train.get(0).getBegin().getTensorsList()).singleElement()
                .satisfies(t -> assertThat(t.getCodec()).isEqualTo("secagg-int32"));
        int[] masked = capture.words(train);
        float[] delta = capture.delta(0);
        assertThat(masked).hasSize(delta.length + 1);
        int qmax = (1 << 16) - 1;
        int w = (int) Math.min(10_000, capture.samples.get(0L));
        assertThat(masked[delta.length]).as("the masked weight").isNotEqualTo(w);
        int close = 0;
        for (int i = 0; i < delta.length; i++) {
            double z = Math.max(-1, Math.min(1, delta[i])) * qmax;
            int expected = w * (int) Math.round(z);
            if (Math.abs((long) (masked[i] - expected)) <= w) {
                close++;
            }
        }
        assertThat(close).as("masked values within one quantisation step of the clear value").isLessThan(3);
        assertThat(capture.secAggMessages()).isNotEmpty();
    }

    @Test
    void collaboratorSpeakingProtocol11_isRefusedNamingSecureAggregation() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 1, Sites.WAIT_FOR_ALL, Sites.COLLABORATORS, SECURE);
        server = start(sites);
        Path site = sites.collaborator("alpha");
        Plan plan = PlanReader.read(site);
        var stub = org.fl4j.protocol.v1.AggregatorGrpc.newBlockingStub(channel("alpha", site, plan, null));
        var header = org.fl4j.protocol.v1.Header.newBuilder().setSender("alpha").setReceiver(plan.aggregatorAddress())
                .setFederationId(plan.federationId()).setProtocolMajor(1).setProtocolMinor(1).build();

        assertThatThrownBy(() -> stub.ping(org.fl4j.protocol.v1.PingRequest.newBuilder().setHeader(header).build()))
                .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("requires secure aggregation",
                            "protocol 1.2", "speaks 1.1");
                });
    }

    private List<Double> run(String name, List<String> names, String settings, String straggler,
            Map<String, UnaryOperator<TaskRunner>> wraps) throws Exception {
        return run(name, names, settings, straggler, wraps, null);
    }

    /** A 2-round federation of {@code names}; returns the aggregated locally tuned accuracy of each round. */
    private List<Double> run(String name, List<String> names, String settings, String straggler,
            Map<String, UnaryOperator<TaskRunner>> wraps, Capture capture) throws Exception {
        TestPki pki = TestPki.create(dir.resolve(name + "-pki"), names.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve(name), pki, rounds, straggler, names, settings);
        LogCapture capturing = new LogCapture("aggregator.secagg", "org.fl4j.aggregator.AggregatorServer");
        try {
            server = start(sites);
            return train(names, sites, wraps, capture);
        } finally {
            log = capturing.lines();
            capturing.close();
        }
    }

    private List<Double> train(List<String> names, Sites sites, Map<String, UnaryOperator<TaskRunner>> wraps,
            Capture capture) throws Exception {
        List<Future<String>> results = new ArrayList<>();
        for (String n : names) {
            Path site = sites.collaborator(n);
            Plan plan = PlanReader.read(site);
            ManagedChannel channel = channel(n, site, plan, n.equals("bravo") ? capture : null);
            TaskRunner runner = wraps.getOrDefault(n, r -> r).apply(runner(n, site, plan));
            SecureSite secure = plan.aggregator().secureAggregation().enabled() ? SecureSite.fromFiles(
                    plan.aggregator().secureAggregation(), n, PkiLayout.of(site).collaboratorCert(n),
                    PkiLayout.of(site).collaboratorKey(n), PkiLayout.of(site).certChain(), Clock.systemUTC()) : null;
            Collaborator c = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, n), runner, secure);
            results.add(threads.submit(c::run));
        }
        for (int i = 0; i < names.size(); i++) {
            if (!wraps.containsKey(names.get(i)) || capture != null) {
                assertThat(results.get(i).get(180, TimeUnit.SECONDS)).isEqualTo("all " + rounds + " rounds are done");
            }
        }
        server.awaitFinished();
        server.close();
        server = null;
        List<Double> accuracy = new ArrayList<>();
        for (String l : Sites.lines(sites.metricsLog())) {
            if (l.contains("\"origin\":\"aggregator\",\"task\":\"" + task + "\"")) {
                accuracy.add(Double.parseDouble(l.replaceAll(".*\"value\":([^,}]+).*", "$1")));
            }
        }
        return accuracy;
    }

    private AggregatorServer start(Sites sites) throws Exception {
        AggregatorConfig config = AggregatorConfig.fromPlan(PlanReader.read(sites.aggregator()), sites.aggregator());
        return AggregatorServer.startTls(config, TlsFiles.aggregator(PkiLayout.of(sites.aggregator()),
                TestPki.AGGREGATOR), TlsVersion.TLS_1_3, new InetSocketAddress("127.0.0.1", sites.port),
                Clock.systemUTC());
    }

    private ManagedChannel channel(String collaborator, Path site, Plan plan, Capture capture) {
        NettyChannelBuilder b = TlsTransport.client(NettyChannelBuilder.forAddress(plan.aggregatorAddress(),
                plan.aggregatorPort()), TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(site), collaborator),
                TlsVersion.TLS_1_3)).maxInboundMessageSize(64 << 20);
        if (capture != null) {
            b.intercept(capture);
        }
        ManagedChannel c = b.build();
        channels.add(c);
        return c;
    }

    private static TaskRunner runner(String name, Path site, Plan plan) throws Exception {
        return TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                plan.aggregator().seed(), 1));
    }

    /** A site that dies in its first training, after it shared its keys: a dropout at stage MASKED_INPUT. */
    private static final class CrashesWhenTraining extends ForwardingRunner {
        CrashesWhenTraining(TaskRunner runner) {
            super(runner);
        }

        @Override
        public TaskResult train(TaskContext context) {
            throw new IllegalStateException(context.collaborator() + " dies while training");
        }
    }

    /**
     * Everything one site sends the aggregator (each message serialized as gRPC sends it), and the site's global
     * and trained weights of each round.
     */
    private static final class Capture implements ClientInterceptor {
        final List<Object> sent = new CopyOnWriteArrayList<>();
        final Map<Long, ModelWeights> global = new ConcurrentHashMap<>();
        final Map<Long, ModelWeights> trained = new ConcurrentHashMap<>();
        final Map<Long, Long> samples = new ConcurrentHashMap<>();

        TaskRunner watch(TaskRunner runner) {
            return new ForwardingRunner(runner) {
                private ModelWeights set;

                @Override
                public void setWeights(ModelWeights weights) {
                    set = copy(weights);
                    super.setWeights(weights);
                }

                @Override
                public TaskResult train(TaskContext context) {
                    global.put(context.round(), set);
                    TaskResult r = super.train(context);
                    trained.put(context.round(), copy(weights()));
                    samples.put(context.round(), r.sampleCount());
                    return r;
                }
            };
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void sendMessage(Q message) {
                    try (InputStream in = method.streamRequest(message)) {
                        byte[] bytes = in.readAllBytes();
                        if (method.getBareMethodName().equals("SendTaskResults")) {
                            sent.add(ResultChunk.parseFrom(bytes));
                        } else if (method.getBareMethodName().equals("SecureAggregation")) {
                            sent.add(SecAggRequest.parseFrom(bytes));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    super.sendMessage(message);
                }
            };
        }

        List<ResultChunk> trainUpload(long round) {
            List<ResultChunk> out = new ArrayList<>();
            boolean in = false;
            for (Object o : sent) {
                if (o instanceof ResultChunk c) {
                    if (c.hasBegin()) {
                        in = c.getBegin().getTask().equals("train") && c.getBegin().getRound() == round;
                    }
                    if (in) {
                        out.add(c);
                    }
                }
            }
            return out;
        }

        List<Object> secAggMessages() {
            return sent.stream().filter(o -> o instanceof SecAggRequest).toList();
        }

        int[] words(List<ResultChunk> upload) {
            long elements = upload.get(0).getBegin().getTensors(0).getShape(0);
            ByteBuffer all = ByteBuffer.allocate((int) (4 * elements)).order(ByteOrder.LITTLE_ENDIAN);
            for (ResultChunk c : upload.subList(1, upload.size())) {
                all.put(c.getChunk().getData().asReadOnlyByteBuffer());
            }
            all.flip();
            int[] out = new int[(int) elements];
            all.asIntBuffer().get(out);
            return out;
        }

        float[] delta(long round) {
            ModelWeights g = global.get(round);
            ModelWeights t = trained.get(round);
            float[] out = new float[(int) g.parameterCount()];
            int k = 0;
            for (int i = 0; i < g.tensorCount(); i++) {
                float[] gv = g.tensors().get(i).values();
                float[] tv = t.tensors().get(i).values();
                for (int j = 0; j < gv.length; j++) {
                    out[k++] = tv[j] - gv[j];
                }
            }
            return out;
        }

        private static ModelWeights copy(ModelWeights w) {
            return new ModelWeights(w.tensors().stream().map(t -> new org.fl4j.protocol.model.Tensor(t.name(),
                    t.shape(), t.values().clone())).toList());
        }
    }

    /** A runner passing every call to another. */
    private static class ForwardingRunner implements TaskRunner {
        private final TaskRunner runner;

        ForwardingRunner(TaskRunner runner) {
            this.runner = runner;
        }

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
}
