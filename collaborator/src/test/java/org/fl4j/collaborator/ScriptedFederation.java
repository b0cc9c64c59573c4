package org.fl4j.collaborator;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
import org.fl4j.protocol.rpc.ModelLease;
import org.fl4j.protocol.rpc.Peer;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * A real collaborator against the real client and service over the in-process transport, with the
 * aggregator's side scripted (the collaborator may not depend on the aggregator module): it hands out the
 * given assignments one per GetTasks call, then says quit, and refuses what a test says.
 */
final class ScriptedFederation implements AutoCloseable {

    static final String AGG = "agg.example.org";
    static final String FED = "fl4j-test";
    static final List<String> TASKS = List.of("aggregated_model_validation", "train",
            "locally_tuned_model_validation");
    static final ModelWeights MODEL = new ModelWeights(List.of(new Tensor("w", new int[] {3},
            new float[] {1, 2, 3})));

    final ScriptedAggregator aggregator = new ScriptedAggregator();
    final CountingRunner runner = new CountingRunner();
    private Server server;
    private ManagedChannel channel;

    /** Runs a collaborator (adjusted by {@code setUp}) through {@code assignments}; returns why it stopped. */
    String run(List<TasksOutcome.Assignment> assignments, UnaryOperator<Collaborator> setUp) throws Exception {
        aggregator.assignments.addAll(assignments);
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
        Collaborator collaborator = setUp.apply(new Collaborator(config, new FederationClient(channel, route, limits,
                Duration.ofSeconds(30)), runner, () -> { }, d -> { }, Clock.systemUTC(), new Random(1)));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return collaborator.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
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

    /** The scripted assignments, then quit; refuses the tasks of {@link #refusedEarlier} as failed this round. */
    static final class ScriptedAggregator implements FederationHandler {

        final Deque<TasksOutcome.Assignment> assignments = new ArrayDeque<>();
        final Set<String> refusedEarlier = ConcurrentHashMap.newKeySet();
        private final List<String> opened = new ArrayList<>();
        private final List<String> downloads = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<TasksOutcome> tasks(String collaborator) {
            TasksOutcome next = assignments.poll();
            return CompletableFuture.completedFuture(next == null ? new TasksOutcome.Quit("all rounds are done") : next);
        }

        @Override
        public synchronized ModelLease model(String collaborator, long round) {
            downloads.add("round " + round);
            return ModelLease.of(MODEL);
        }

        /** Records the round the collaborator says it holds, and sends the whole model (keeps no old rounds). */
        @Override
        public synchronized ModelLease heldModel(String collaborator, long round, long held) {
            downloads.add("round " + round + " holding " + held);
            return null;
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

        /** Every GetModel call: its round, and the round the collaborator held when it said so. */
        synchronized List<String> downloads() {
            return List.copyOf(downloads);
        }
    }

    /** A runner that records what the loop asks of it. */
    static final class CountingRunner implements TaskRunner {

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
