package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.UploadAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max_concurrent_uploads}: training results beyond the limit wait, unread, until a slot frees; a
 * round that closes meanwhile drops them like late results.
 */
class ConcurrentUploadsTest {

    @TempDir
    Path workspace;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(clock);
    private AggregatorConfig config;
    private AggregatorServer server;
    private LogCapture log;

    private void start(StragglerPolicy straggler) throws Exception {
        config = TestFederations.config(workspace, 2, straggler, 1);
        TestFederations.writeInitialModel(config);
        log = new LogCapture("org.fl4j.aggregator.round.Federation", "aggregator");
        server = aggregator.start(config);
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
    }

    private ManagedChannel channel() {
        return aggregator.channel();
    }

    private ScriptedSite site(String name) {
        return aggregator.site(name, config);
    }

    /** Sends the site's validation results of round 0 and returns its training result, unsent. */
    private TaskUpload validateAndPrepare(ScriptedSite s) {
        TasksOutcome.Assignment a = (TasksOutcome.Assignment) s.tasks();
        ModelWeights global = s.client.model(0);
        TaskUpload train = null;
        for (String task : a.pending()) {
            TaskUpload u = s.result(task, 0, global);
            if (task.equals("train")) {
                train = u;
            } else {
                s.client.send(u);
            }
        }
        return train;
    }

    private void awaitLog(Predicate<String> line) throws InterruptedException {
        for (int i = 0; i < 500 && log.lines().stream().noneMatch(line); i++) {
            Thread.sleep(10);
        }
        assertThat(log.lines()).anyMatch(line);
    }

    @Test
    void oneSlot_secondUploadWaitsUnreadUntilTheFirstIsDone_thenBothCount() throws Exception {
        start(new StragglerPolicy.WaitForAll());
        ScriptedSite alpha = site("alpha");
        ScriptedSite bravo = site("bravo");
        ScriptedSite charlie = site("charlie");
        TaskUpload alphaTrain = validateAndPrepare(alpha);
        TaskUpload bravoTrain = validateAndPrepare(bravo);
        TaskUpload charlieTrain = validateAndPrepare(charlie);

        RawUpload first = new RawUpload(channel(), "alpha", alphaTrain.tensors()).begin(0, alphaTrain.sampleCount())
                .tensor(0, 16);
        awaitLog(l -> l.contains("Collaborator alpha is sending task results for train"));
        CompletableFuture<UploadAck> second = CompletableFuture.supplyAsync(() -> bravo.client.send(bravoTrain));
        awaitLog(l -> l.contains("Collaborator bravo waits to send task results for train, round 0: 1 uploads"));
        Thread.sleep(150);
        assertThat(second).isNotDone();
        assertThat(log.lines()).noneMatch(l -> l.contains("Collaborator bravo is sending task results for train"));

        first.tensor(1, 16).tensor(2, 16).finish();

        assertThat(first.ack.get(10, TimeUnit.SECONDS).getDuplicate()).isFalse();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new UploadAck(0, "train", false));
        charlie.client.send(charlieTrain);
        awaitLog(l -> l.startsWith("INFO Starting round 1"));
        server.federation().awaitCommitted();
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(),
                TestFederations.expectedAverage(TestFederations.initialModel(), TestFederations.COLLABORATORS, 0));
    }

    @Test
    void roundClosesWhileAnUploadWaits_waitingUploadDroppedAsStale() throws Exception {
        start(new StragglerPolicy.CutoffTime(30, 1));
        ScriptedSite alpha = site("alpha");
        ScriptedSite bravo = site("bravo");
        ScriptedSite charlie = site("charlie");
        charlie.runRound((TasksOutcome.Assignment) charlie.tasks());
        TaskUpload alphaTrain = validateAndPrepare(alpha);
        TaskUpload bravoTrain = validateAndPrepare(bravo);
        RawUpload holder = new RawUpload(channel(), "alpha", alphaTrain.tensors()).begin(0, alphaTrain.sampleCount())
                .tensor(0, 16);
        awaitLog(l -> l.contains("Collaborator alpha is sending task results for train"));
        CompletableFuture<UploadAck> waiting = CompletableFuture.supplyAsync(() -> bravo.client.send(bravoTrain));
        awaitLog(l -> l.contains("Collaborator bravo waits to send"));

        clock.advance(Duration.ofSeconds(31));
        server.federation().tick();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("round 0 closed while the result of train waited to be received; dropped");
        assertThat(log.lines()).anyMatch(l -> l.contains("Dropped the result of train, round 0 from bravo: the round"
                + " closed while it waited to be received"));
        holder.tensor(1, 16);
        assertThat(Status.fromThrowable(catchCause(holder.ack)).getDescription())
                .contains("round 0 closed before the result of train was complete; dropped");
        server.federation().awaitCommitted();
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(),
                TestFederations.expectedAverage(TestFederations.initialModel(), List.of("charlie"), 0));
        assertThat(server.federation().round()).isEqualTo(1);
    }

    private static Throwable catchCause(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the upload to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the upload neither failed nor completed", e);
        }
    }
}
