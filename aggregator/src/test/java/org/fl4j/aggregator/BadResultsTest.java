package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results that must be refused, each with a specific message, leaving the aggregation as if they never came;
 * refused content counts as a failed task so the round still closes.
 */
class BadResultsTest {

    @TempDir
    Path workspace;

    private final String serverName = InProcessServerBuilder.generateName();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private AggregatorConfig config;
    private AggregatorServer server;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        log = new LogCapture("org.fl4j.aggregator.round.Federation", "aggregator");
        server = AggregatorServer.start(InProcessServerBuilder.forName(serverName), config,
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())),
                new MutableClock(Instant.parse("2025-01-01T00:00:00Z")));
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.close();
        log.close();
    }

    private FederationClient client(String name, WireLimits limits) {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).build();
        channels.add(channel);
        return new FederationClient(channel, new Route(name, config.name(), config.federationId()), limits,
                Duration.ofSeconds(30));
    }

    private ScriptedSite site(String name) {
        return new ScriptedSite(name, client(name, config.limits()));
    }

    /** Runs round 0 for every site; {@code train} may replace a site's training result. */
    private void roundZero(String odd, UnaryOperator<TaskUpload> train, String expectedError) {
        for (String name : TestFederations.COLLABORATORS) {
            ScriptedSite s = site(name);
            TasksOutcome.Assignment a = (TasksOutcome.Assignment) s.tasks();
            ModelWeights global = s.client.model(0);
            for (String task : a.pending()) {
                TaskUpload upload = s.result(task, 0, global);
                if (name.equals(odd) && task.equals("train")) {
                    TaskUpload bad = train.apply(upload);
                    assertThatThrownBy(() -> s.client.send(bad)).isInstanceOfSatisfying(FederationException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID);
                                assertThat(e.getMessage()).contains(expectedError);
                            });
                    continue;
                }
                s.client.send(upload);
            }
        }
    }

    private ModelWeights lastModel() throws Exception {
        server.federation().awaitCommitted();
        return ModelFile.read(config.paths().lastModel()).weights();
    }

    private static TaskUpload withTensors(TaskUpload u, ModelWeights tensors) {
        return new TaskUpload(u.round(), u.task(), u.sampleCount(), u.metrics(), tensors);
    }

    private static ModelWeights replace(ModelWeights w, int index, Tensor t) {
        List<Tensor> tensors = new ArrayList<>(w.tensors());
        tensors.set(index, t);
        return new ModelWeights(tensors);
    }

    @Test
    void send_wrongTensorName_refusedNamingItAndRoundClosesWithoutIt() throws Exception {
        roundZero("bravo", u -> {
            Tensor t = u.tensors().tensors().get(1);
            return withTensors(u, replace(u.tensors(), 1, new Tensor("dense/x", t.shape(), t.values())));
        }, "tensor 1 is 'dense/x' [13], the model's is 'dense/w' [13]");

        AbstractFederationRoundTest.assertClose(lastModel(), TestFederations.expectedAverage(
                TestFederations.initialModel(), List.of("alpha", "charlie"), 0));
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN Refused the result of train, round 0 from bravo")
                && l.endsWith("the task counts as failed this round"));
    }

    @Test
    void send_wrongShape_refusedNamingIt() throws Exception {
        roundZero("alpha", u -> {
            Tensor t = u.tensors().tensors().get(2);
            return withTensors(u, replace(u.tensors(), 2, new Tensor(t.name(), new int[] {7, 3}, t.values())));
        }, "tensor 2 is 'out/w' [7, 3], the model's is 'out/w' [3, 7]");

        AbstractFederationRoundTest.assertClose(lastModel(), TestFederations.expectedAverage(
                TestFederations.initialModel(), List.of("bravo", "charlie"), 0));
    }

    @Test
    void send_missingTensor_refused() {
        roundZero("alpha", u -> withTensors(u, new ModelWeights(u.tensors().tensors().subList(0, 2))),
                "the result has 2 tensors, the model has 3");
    }

    @Test
    void send_nanInATensor_refusedAndAggregationUntouched() throws Exception {
        roundZero("charlie", u -> {
            Tensor t = u.tensors().tensors().get(2);
            float[] v = t.values().clone();
            v[19] = Float.NaN;
            return withTensors(u, replace(u.tensors(), 2, new Tensor(t.name(), t.shape(), v)));
        }, "not finite");

        AbstractFederationRoundTest.assertClose(lastModel(), TestFederations.expectedAverage(
                TestFederations.initialModel(), List.of("alpha", "bravo"), 0));
    }

    @Test
    void send_infiniteMetric_refused() {
        roundZero("alpha", u -> new TaskUpload(u.round(), u.task(), u.sampleCount(),
                Map.of("loss", Double.POSITIVE_INFINITY), u.tensors()), "metric 'loss' is Infinity");
    }

    @Test
    void send_zeroSamples_refused() {
        roundZero("alpha", u -> new TaskUpload(u.round(), u.task(), 0, u.metrics(), u.tensors()),
                "sample_count must be at least 1");
    }

    @Test
    void send_sameResultTwice_acknowledgedAsDuplicateAndCountedOnce() throws Exception {
        ScriptedSite alpha = site("alpha");
        alpha.tasks();
        ModelWeights global = alpha.client.model(0);
        TaskUpload train = alpha.result("train", 0, global);

        assertThat(alpha.client.send(train).duplicate()).isFalse();
        assertThat(alpha.client.send(train).duplicate()).isTrue();
        alpha.client.send(alpha.result("aggregated_model_validation", 0, global));
        alpha.client.send(alpha.result("locally_tuned_model_validation", 0, global));
        site("bravo").nextRound();
        site("charlie").nextRound();

        AbstractFederationRoundTest.assertClose(lastModel(), TestFederations.expectedAverage(
                TestFederations.initialModel(), TestFederations.COLLABORATORS, 0));
    }

    @Test
    void send_pastRound_staleAndDroppedWithALogLine() {
        for (String name : TestFederations.COLLABORATORS) {
            site(name).nextRound();
        }
        ScriptedSite alpha = site("alpha");
        TaskUpload late = alpha.result("train", 0, TestFederations.initialModel());

        assertThatThrownBy(() -> alpha.client.send(late)).isInstanceOfSatisfying(FederationException.class, e -> {
            assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE);
            assertThat(e.getMessage()).contains("round 0 is over", "round 1");
        });
        assertThat(log.lines()).contains("INFO Dropped a late result of train, round 0 from alpha: the federation is"
                + " in round 1");
    }

    @Test
    void send_futureRound_invalid() {
        ScriptedSite alpha = site("alpha");
        TaskUpload early = alpha.result("train", 1, TestFederations.initialModel());

        assertThatThrownBy(() -> alpha.client.send(early)).isInstanceOfSatisfying(FederationException.class, e -> {
            assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID);
            assertThat(e.getMessage()).contains("round 1 has not started");
        });
    }

    @Test
    void send_taskNotAssigned_invalid() {
        ScriptedSite alpha = site("alpha");

        assertThatThrownBy(() -> alpha.client.send(TaskUpload.metricsOnly(0, "fine_tuning", 5, Map.of())))
                .isInstanceOf(FederationException.class).hasMessageContaining("task 'fine_tuning' is not assigned");
    }

    @Test
    void send_beyondTheMaximum_refusedBeforeAnyChunkIsRead() {
        FederationClient generous = client("alpha", new WireLimits(64, 1L << 30));
        ModelWeights huge = new ModelWeights(List.of(new Tensor("dense/b", new int[] {300_000}, new float[300_000])));

        assertThatThrownBy(() -> generous.send(new TaskUpload(0, "train", 10, Map.of(), huge)))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains("1200000 bytes", "maximum of 1048576 bytes");
                });
        assertThat(log.lines()).noneMatch(l -> l.contains("is sending task results"));
    }

    @Test
    void anyCall_collaboratorNotInCols_permissionDenied() {
        FederationClient eve = client("eve", config.limits());

        assertThatThrownBy(() -> eve.tasks(Duration.ofSeconds(1))).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.getMessage()).contains("'eve' is not in plan/cols.yaml"));
    }

    @Test
    void model_pastRound_stale() {
        for (String name : TestFederations.COLLABORATORS) {
            site(name).nextRound();
        }

        assertThatThrownBy(() -> site("bravo").client.model(0)).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE));
    }
}
