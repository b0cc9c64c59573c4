package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.FederationHandler;
import org.fl4j.protocol.rpc.FederationService;
import org.fl4j.protocol.rpc.FederationStatus;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.ModelLease;
import org.fl4j.protocol.rpc.Peer;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collaborator loop after refusals (federation.proto, "Results and rounds"), through the real client and
 * service over the in-process transport. The aggregator's side is scripted here, as the collaborator may not
 * depend on the aggregator: it hands out one round's assignment, then says quit, and refuses what the test says
 * (the real aggregator's refusals are tested in the aggregator module and end to end).
 */
class RefusedResultsTest {

    private static final String AGG = "agg.example.org";
    private static final String FED = "fl4j-test";
    private static final List<String> TASKS = List.of("aggregated_model_validation", "train",
            "locally_tuned_model_validation");
    private static final ModelWeights MODEL = new ModelWeights(List.of(new Tensor("w", new int[] {3},
            new float[] {1, 2, 3})));

    private final ScriptedAggregator aggregator = new ScriptedAggregator();
    private final CountingRunner runner = new CountingRunner();
    private final LogCapture log = new LogCapture(Collaborator.class.getName());
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        log.close();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String run(TasksOutcome.Assignment assignment) throws Exception {
        aggregator.assignment = assignment;
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor local = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(io.grpc.Context.current().withValue(Peer.CONTEXT_KEY, Peer.local()),
                        call, headers, next);
            }
        };
        WireLimits limits = new WireLimits(64, 1 << 20);
        server = InProcessServerBuilder.forName(name).addService(ServerInterceptors.intercept(
                new FederationService(AGG, FED, limits, aggregator), local)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        Route route = new Route("two", AGG, FED);
        CollaboratorConfig config = new CollaboratorConfig(route, tasks(), OptTreatment.RESET, limits,
                Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        Collaborator collaborator = new Collaborator(config, new FederationClient(channel, route, limits,
                Duration.ofSeconds(30)), runner, () -> { }, d -> { }, Clock.systemUTC(), new Random(1));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return collaborator.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void run_resendRefusedAsFailedThisRound_loggedNeverSentAgainAndTheRoundGoesOn() throws Exception {
        aggregator.refusedEarlier.add("train");

        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of()));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(aggregator.opened()).containsExactly("aggregated_model_validation", "train",
                "locally_tuned_model_validation");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN Not sending train of round 0 again: the aggregator"
                + " refused SendTaskResults (FAILED_PRECONDITION): the result of train, round 0 from two was refused"
                + " earlier this round"));
    }

    @Test
    void run_assignmentListsTrainingAsFailed_notSentButReplayedForTheLocalValidation() throws Exception {
        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of("aggregated_model_validation"),
                Set.of("train")));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(aggregator.opened()).containsExactly("locally_tuned_model_validation");
        assertThat(runner.calls).containsExactly("setWeights", "train", "validate");
        assertThat(log.lines()).contains("WARN The aggregator refused the result of train, round 0 earlier: the task"
                + " failed for this round; not sending it again", "INFO Re-running train of round 0 locally: the"
                + " aggregator refused its result, a later task needs the locally trained model");
    }

    @Test
    void run_assignmentListsEveryTaskPendingAsFailed_nothingRunOrSent() throws Exception {
        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of("aggregated_model_validation"),
                Set.of("train", "locally_tuned_model_validation")));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(aggregator.opened()).isEmpty();
        assertThat(runner.calls).isEmpty();
    }

    private static Map<String, TaskSpec> tasks() {
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        tasks.put(TASKS.get(0), task(TASKS.get(0), TaskSpec.VALIDATE, Map.of("apply", "global")));
        tasks.put(TASKS.get(1), task(TASKS.get(1), TaskSpec.TRAIN, Map.of()));
        tasks.put(TASKS.get(2), task(TASKS.get(2), TaskSpec.VALIDATE, Map.of("apply", "local")));
        return tasks;
    }

    private static TaskSpec task(String name, String function, Map<String, Object> kwargs) {
        return new TaskSpec(name, function, new Settings("tasks." + name + ".kwargs", kwargs), new Component(
                TaskSpec.DEFAULT_AGGREGATION, new Settings("tasks." + name + ".aggregation_type.settings", Map.of())));
    }

    /** One round's assignment, then quit; refuses the tasks of {@link #refusedEarlier} as failed this round. */
    private static final class ScriptedAggregator implements FederationHandler {

        volatile TasksOutcome.Assignment assignment;
        final Set<String> refusedEarlier = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final List<String> opened = new ArrayList<>();
        private boolean assigned;

        @Override
        public synchronized CompletableFuture<TasksOutcome> tasks(String collaborator) {
            TasksOutcome outcome = assigned ? new TasksOutcome.Quit("all rounds are done") : assignment;
            assigned = true;
            return CompletableFuture.completedFuture(outcome);
        }

        @Override
        public ModelLease model(String collaborator, long round) {
            return ModelLease.of(MODEL);
        }

        @Override
        public synchronized ResultSink results(String collaborator, ResultHeader header) {
            opened.add(header.task());
            if (refusedEarlier.contains(header.task())) {
                throw FederationException.taskFailed("the result of " + header.task() + ", round " + header.round()
                        + " from " + collaborator + " was refused earlier this round (value NaN is not finite): the"
                        + " task failed for this round; send the next round's result");
            }
            return new ResultSink() {
                @Override
                public void accept(int tensorIndex, int offset, ByteBuffer littleEndianFloats) {
                    littleEndianFloats.position(littleEndianFloats.limit());
                }

                @Override
                public void complete() {
                }

                @Override
                public void abort(String reason) {
                }
            };
        }

        @Override
        public FederationStatus status(String collaborator) {
            return new FederationStatus(0, 1);
        }

        synchronized List<String> opened() {
            return List.copyOf(opened);
        }
    }

    /** A runner that records what the loop asks of it. */
    private static final class CountingRunner implements TaskRunner {

        final List<String> calls = new ArrayList<>();

        @Override
        public ModelWeights weights() {
            return MODEL;
        }

        @Override
        public void setWeights(ModelWeights weights) {
            calls.add("setWeights");
        }

        @Override
        public TaskResult train(TaskContext context) {
            calls.add("train");
            return new TaskResult(Map.of("loss", 0.5), 10);
        }

        @Override
        public TaskResult validate(TaskContext context) {
            calls.add("validate");
            return new TaskResult(Map.of("accuracy", 0.75), 5);
        }

        @Override
        public long trainingSampleCount() {
            return 10;
        }

        @Override
        public long validationSampleCount() {
            return 5;
        }
    }
}
