package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.model.Checkpoint;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.ProtocolVersion;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole federation against the real aggregator through real clients, run once per transport
 * ({@link InProcessFederationRoundTest}, {@link MtlsLoopbackFederationRoundTest}).
 */
abstract class AbstractFederationRoundTest {

    @TempDir
    Path workspace;

    protected final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    protected AggregatorServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** Starts the aggregator for {@code config} on this transport. */
    abstract AggregatorServer start(AggregatorConfig config) throws Exception;

    /** A channel of collaborator {@code name} to the running server on this transport, closed after the test. */
    abstract ManagedChannel channel(String name, AggregatorConfig config) throws Exception;

    /** A client for collaborator {@code name} on this transport (a new connection: a restarted site). */
    FederationClient client(String name, AggregatorConfig config) throws Exception {
        return new FederationClient(channel(name, config), new Route(name, config.name(), config.federationId()),
                config.limits(), Duration.ofSeconds(30));
    }

    protected void closeLater(AutoCloseable c) {
        closeables.add(c);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private List<ScriptedSite> sites(AggregatorConfig config) throws Exception {
        List<ScriptedSite> sites = new ArrayList<>();
        for (String name : TestFederations.COLLABORATORS) {
            sites.add(new ScriptedSite(name, client(name, config)));
        }
        return sites;
    }

    @Test
    void twoRounds_threeCollaborators_fedAvgModelsMetricsAndQuit() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        server = start(config);
        List<ScriptedSite> sites = sites(config);
        ModelWeights model0 = TestFederations.initialModel();

        for (ScriptedSite s : sites) {
            assertThat(s.nextRound()).isZero();
        }
        ModelWeights model1 = TestFederations.expectedAverage(model0, TestFederations.COLLABORATORS, 0);
        server.federation().awaitCommitted();
        assertClose(ModelFile.read(config.paths().lastModel()).weights(), model1);
        for (ScriptedSite s : sites) {
            assertThat(s.nextRound()).isEqualTo(1);
        }

        ModelWeights model2 = TestFederations.expectedAverage(model1, TestFederations.COLLABORATORS, 1);
        server.federation().awaitCommitted();
        SavedModel last = ModelFile.read(config.paths().lastModel());
        assertThat(last.round()).isEqualTo(2);
        assertClose(last.weights(), model2);
        SavedModel best = ModelFile.read(config.paths().bestModel());
        assertThat(best.round()).isEqualTo(1);
        assertClose(best.weights(), model1);
        Checkpoint checkpoint = TestFederations.checkpoint(config);
        assertThat(checkpoint.round()).isEqualTo(2);
        assertThat(checkpoint.bestScore().getAsDouble()).isCloseTo(ScriptedSite.meanAccuracy(1, false), within(1e-12));

        List<String> lines = TestFederations.metricsLines(config);
        assertThat(lines).hasSize(2 * (3 * 3 + 3)).allMatch(l -> l.matches(
                "\\{\"round\":[01],\"origin\":\"(aggregator|alpha|bravo|charlie)\",\"task\":\"[a-z_]+\",\"metric\":"
                        + "\"(accuracy|loss)\",\"value\":[-0-9.E]+,\"time\":\"2025-01-01T10:00:00Z\"}"));
        assertThat(lines).contains("{\"round\":0,\"origin\":\"aggregator\",\"task\":\"aggregated_model_validation\","
                + "\"metric\":\"accuracy\",\"value\":" + ScriptedSite.meanAccuracy(0, false)
                + ",\"time\":\"2025-01-01T10:00:00Z\"}");
        assertThat(checkpoint.metricLines()).isEqualTo(lines);

        for (ScriptedSite s : sites) {
            assertThat(s.tasks()).isInstanceOf(TasksOutcome.Quit.class);
        }
        server.federation().finished().get(10, TimeUnit.SECONDS);
    }

    @Test
    void longPoll_siteDoneEarly_answeredWhenTheNextRoundStarts() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        server = start(config);
        List<ScriptedSite> sites = sites(config);
        sites.get(0).nextRound();

        CompletableFuture<TasksOutcome> waiting = CompletableFuture.supplyAsync(() -> sites.get(0).tasks());
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        sites.get(1).nextRound();
        sites.get(2).nextRound();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(TasksOutcome.Assignment.class,
                a -> assertThat(a.round()).isEqualTo(1));
    }

    @Test
    void longPoll_nothingToDo_idleAfterTheTimeout() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        server = start(config);
        ScriptedSite alpha = sites(config).get(0);
        alpha.nextRound();

        CompletableFuture<TasksOutcome> waiting = CompletableFuture.supplyAsync(alpha::tasks);
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        clock.advance(config.longPoll());

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(new TasksOutcome.Idle(0, java.time.Duration.ZERO));
    }

    /** Refusals and what follows them (federation.proto, "Results and rounds"): one round, bravo's results. */
    private ScriptedSite refusalRound() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 1);
        TestFederations.writeInitialModel(config);
        server = start(config);
        return new ScriptedSite("bravo", client("bravo", config));
    }

    private static void assertRefused(Runnable send, String... description) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(FederationException.class, e -> {
            assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID);
            assertThat(e.getMessage()).contains(description);
        });
    }

    private static void assertTaskFailed(Runnable send, String... description) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(FederationException.class, e -> {
            assertThat(e.kind()).isEqualTo(FederationException.Kind.TASK_FAILED);
            assertThat(e.getMessage()).contains("FAILED_PRECONDITION").contains(description)
                    .endsWith("the task failed for this round; send the next round's result");
        });
    }

    @Test
    void send_refusedThenResentValid_failedPreconditionAndTheRoundClosesWithoutIt() throws Exception {
        ScriptedSite bravo = refusalRound();
        bravo.tasks();
        ModelWeights global = bravo.client.model(0);
        TaskUpload train = bravo.result("train", 0, global);
        bravo.client.send(bravo.result("aggregated_model_validation", 0, global));

        assertRefused(() -> bravo.client.send(ScriptedSite.withValue(train, 2, 19, Float.NaN)), "value NaN is not finite");
        assertTaskFailed(() -> bravo.client.send(train), "the result of train, round 0 from bravo was refused earlier"
                + " this round (", "value NaN is not finite");
        bravo.client.send(bravo.result("locally_tuned_model_validation", 0, global));
        for (String other : List.of("alpha", "charlie")) {
            new ScriptedSite(other, client(other, config())).nextRound();
        }

        server.federation().awaitCommitted();
        assertClose(ModelFile.read(config().paths().lastModel()).weights(), TestFederations.expectedAverage(
                TestFederations.initialModel(), List.of("alpha", "charlie"), 0));
        assertThat(TestFederations.metricsLines(config())).noneMatch(l -> l.contains("\"origin\":\"bravo\"")
                && l.contains("\"task\":\"train\"")).anyMatch(l -> l.contains("\"origin\":\"bravo\"")
                && l.contains("\"task\":\"locally_tuned_model_validation\""));
    }

    @Test
    void tasks_afterRefusals_listsThemAsFailedAndOnlyHeldResultsAsDone() throws Exception {
        ScriptedSite bravo = refusalRound();
        bravo.tasks();
        ModelWeights global = bravo.client.model(0);
        TaskUpload validation = bravo.result("aggregated_model_validation", 0, global);
        assertRefused(() -> bravo.client.send(ScriptedSite.withMetrics(validation, Double.POSITIVE_INFINITY)),
                "metric 'accuracy' is Infinity");
        assertRefused(() -> bravo.client.send(ScriptedSite.withValue(bravo.result("train", 0, global), 0, 0,
                Float.NEGATIVE_INFINITY)), "value -Infinity is not finite");

        ScriptedSite restarted = new ScriptedSite("bravo", client("bravo", config()));
        assertThat(restarted.tasks()).isEqualTo(new TasksOutcome.Assignment(0, TestFederations.TASKS, Set.of(),
                Set.of("aggregated_model_validation", "train")));
        assertTaskFailed(() -> restarted.client.send(validation), "the result of aggregated_model_validation, round 0"
                + " from bravo was refused earlier this round (metric 'accuracy' is Infinity");
        restarted.client.send(restarted.result("locally_tuned_model_validation", 0, global));
        CompletableFuture<TasksOutcome> nothingLeft = CompletableFuture.supplyAsync(restarted::tasks);
        Thread.sleep(200);
        assertThat(nothingLeft).as("every task held or failed: the poll waits for the next round").isNotDone();
        clock.advance(config().longPoll());
        assertThat(nothingLeft.get(10, TimeUnit.SECONDS)).isEqualTo(new TasksOutcome.Idle(0, Duration.ZERO));
    }

    @Test
    void send_again_duplicateOnlyForAResultTheAggregatorHolds() throws Exception {
        ScriptedSite bravo = refusalRound();
        bravo.tasks();
        ModelWeights global = bravo.client.model(0);
        TaskUpload train = bravo.result("train", 0, global);
        TaskUpload validation = bravo.result("aggregated_model_validation", 0, global);

        assertThat(bravo.client.send(train).duplicate()).isFalse();
        assertThat(bravo.client.send(train).duplicate()).isTrue();
        assertRefused(() -> bravo.client.send(ScriptedSite.withMetrics(validation, Double.NaN)), "is NaN");
        assertTaskFailed(() -> bravo.client.send(validation), "aggregated_model_validation");

        ScriptedSite restarted = new ScriptedSite("bravo", client("bravo", config()));
        assertThat(restarted.tasks()).isEqualTo(new TasksOutcome.Assignment(0, TestFederations.TASKS, Set.of("train"),
                Set.of("aggregated_model_validation")));
    }

    @Test
    void send_refusedResultResentByAProtocol10Peer_invalidArgumentItKnows() throws Exception {
        ScriptedSite bravo = refusalRound();
        bravo.tasks();
        ModelWeights global = bravo.client.model(0);
        TaskUpload train = bravo.result("train", 0, global);
        assertRefused(() -> bravo.client.send(ScriptedSite.withValue(train, 1, 3, Float.NaN)), "not finite");

        RawUpload old = new RawUpload(channel("bravo", config()), "bravo", train.tensors(), new ProtocolVersion(1, 0));
        old.begin(0, train.sampleCount());

        assertThatThrownBy(() -> old.ack.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> {
                    Status status = Status.fromThrowable(e.getCause());
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).contains("refused earlier this round", "the task failed");
                });
        old.finish();
    }

    private AggregatorConfig config() {
        return TestFederations.config(workspace, 1);
    }

    static void assertClose(ModelWeights actual, ModelWeights expected) {
        assertThat(actual.sameLayout(expected)).as("layout of %s", actual).isTrue();
        for (int t = 0; t < expected.tensorCount(); t++) {
            Tensor a = actual.tensors().get(t);
            Tensor e = expected.tensors().get(t);
            for (int i = 0; i < e.size(); i++) {
                assertThat(a.values()[i]).as("%s[%d]", e.name(), i)
                        .isCloseTo(e.values()[i], within(Math.ulp(e.values()[i]) * 1.01f));
            }
        }
    }
}
