package org.fl4j.protocol.openfl;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.wire.AggregatorGrpc;
import org.fl4j.protocol.openfl.wire.DataStream;
import org.fl4j.protocol.openfl.wire.GetAggregatedTensorRequest;
import org.fl4j.protocol.openfl.wire.GetAggregatedTensorResponse;
import org.fl4j.protocol.openfl.wire.GetTasksRequest;
import org.fl4j.protocol.openfl.wire.GetTasksResponse;
import org.fl4j.protocol.openfl.wire.InteropMessage;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.openfl.wire.PingRequest;
import org.fl4j.protocol.openfl.wire.PingResponse;
import org.fl4j.protocol.openfl.wire.SendLocalTaskResultsResponse;
import org.fl4j.protocol.openfl.wire.Task;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.FederationHandler;
import org.fl4j.protocol.rpc.Peer;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's side of OpenFL's protocol ({@code openfl.aggregator.Aggregator}), served onto the same
 * {@link FederationHandler} as fl4j's {@code FederationService}: the same rounds, results and checkpoints, so
 * OpenFL and fl4j collaborators can share a federation when their models have the same tensors. Every request's
 * header is checked against the caller the transport proved ({@link Peer}) before anything else
 * ({@link OpenFlHeaders}). GetTasks is long-polled like fl4j's; the model is served one named tensor per call
 * ({@link RoundModels}); results stream into the handler ({@link OpenFlUpload}). Every refusal is logged with
 * the caller and the reason.
 */
public final class OpenFlService implements BindableService {

    static final Logger LOG = LoggerFactory.getLogger("aggregator");
    private static final Set<String> MODEL = Set.of("model");
    private static final Set<String> DELTA = Set.of("aggregated", "delta");

    private final OpenFlHeaders headers;
    private final Map<String, OpenFlTask> tasks;
    private final WireLimits limits;
    private final FederationHandler handler;
    private final RoundModels models;

    /**
     * @param identity the uuids OpenFL's collaborators address
     * @param tasks the plan's tasks as OpenFL describes them, by name
     * @param limits the largest result accepted ({@code maxModelBytes})
     */
    public OpenFlService(OpenFlIdentity identity, Map<String, OpenFlTask> tasks, WireLimits limits,
            FederationHandler handler) {
        this.headers = new OpenFlHeaders(Objects.requireNonNull(identity, "identity"));
        this.tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.models = new RoundModels(handler);
    }

    /** The largest gRPC message OpenFL's collaborators send: a 2 MiB {@code DataStream} piece and its framing. */
    public static int maxMessageBytes() {
        return (2 << 20) + (64 << 10);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return new Impl().bindService();
    }

    OpenFlHeaders headers() {
        return headers;
    }

    WireLimits limits() {
        return limits;
    }

    FederationHandler handler() {
        return handler;
    }

    RoundModels models() {
        return models;
    }

    OpenFlTask task(String name) {
        OpenFlTask t = tasks.get(name);
        if (t == null) {
            throw FederationException.invalid("task '" + name + "' is not a task of this federation's plan (its tasks: "
                    + tasks.keySet() + ")");
        }
        return t;
    }

    static void fail(StreamObserver<?> out, String rpc, Peer peer, RuntimeException e) {
        if (e instanceof FederationException fe) {
            if (fe.kind() == FederationException.Kind.STALE) {
                LOG.info("Refused {} from {}: {}", rpc, peer, fe.getMessage());
            } else {
                LOG.warn("Refused {} from {}: {}", rpc, peer, fe.getMessage());
            }
            out.onError(Status.fromCode(fe.kind().code()).withDescription(fe.getMessage()).asRuntimeException());
        } else {
            LOG.error("{} from {} failed", rpc, peer, e);
            out.onError(Status.INTERNAL.withDescription(rpc + " failed on the aggregator: " + e).asRuntimeException());
        }
    }

    private GetTasksResponse tasksResponse(String who, TasksOutcome outcome) {
        GetTasksResponse.Builder r = GetTasksResponse.newBuilder().setHeader(headers.reply(who));
        if (outcome instanceof TasksOutcome.Assignment a) {
            r.setRoundNumber(Math.toIntExact(a.round()));
            for (String name : a.pending()) {
                OpenFlTask t = task(name);
                r.addTasks(Task.newBuilder().setName(t.name()).setFunctionName(t.functionName())
                        .setTaskType(t.taskType()).setApplyLocal(t.applyLocal()));
            }
        } else if (outcome instanceof TasksOutcome.Idle i) {
            long millis = i.retryAfter().toMillis();
            r.setRoundNumber(Math.toIntExact(i.round())).setSleepTime((int) Math.max(1, (millis + 999) / 1000));
        } else {
            r.setRoundNumber(Math.toIntExact(handler.status(who).round())).setQuit(true);
        }
        return r.build();
    }

    private NamedTensor tensor(String who, GetAggregatedTensorRequest request) {
        String name = request.getTensorName();
        long round = request.getRoundNumber();
        Set<String> tags = new TreeSet<>(request.getTagsList());
        String what = "the request for tensor '" + name + "' of round " + round;
        if (tags.contains(NamedTensors.LOSSY)) {
            throw NamedTensors.unsupported(what + " asks for lossy compression ('" + NamedTensors.LOSSY + "')", -1);
        }
        tags.remove(NamedTensors.COMPRESSED);
        if (request.getReport()) {
            throw FederationException.invalid(what + " asks for a reported tensor (a metric): the aggregator serves"
                    + " model tensors only");
        }
        if (tags.equals(MODEL)) {
            Tensor t = models.model(who, round).tensor(name);
            return NamedTensors.encode(name, t.shape(), t.values(), round, Set.of("compressed", "model"));
        }
        if (tags.equals(DELTA) && round > 0) {
            Tensor d = models.delta(who, name, round);
            return NamedTensors.encode(name, d.shape(), d.values(), round, Set.of("aggregated", "compressed",
                    "delta"));
        }
        throw FederationException.invalid(what + " has tags " + request.getTagsList() + ": the aggregator serves"
                + " tensors tagged [model] and, after round 0, [aggregated, delta]");
    }

    private final class Impl extends AggregatorGrpc.AggregatorImplBase {

        @Override
        public void ping(PingRequest request, StreamObserver<PingResponse> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            try {
                String who = headers.admit(peer, request.hasHeader(), request.getHeader(), "PingRequest");
                handler.status(who);
                out.onNext(PingResponse.newBuilder().setHeader(headers.reply(who)).build());
                out.onCompleted();
            } catch (RuntimeException e) {
                fail(out, "Ping", peer, e);
            }
        }

        @Override
        public void getTasks(GetTasksRequest request, StreamObserver<GetTasksResponse> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            ServerCallStreamObserver<GetTasksResponse> call = (ServerCallStreamObserver<GetTasksResponse>) out;
            String who;
            CompletableFuture<TasksOutcome> pending;
            try {
                who = headers.admit(peer, request.hasHeader(), request.getHeader(), "GetTasksRequest");
                pending = handler.tasks(who);
            } catch (RuntimeException e) {
                fail(out, "GetTasks", peer, e);
                return;
            }
            call.setOnCancelHandler(() -> pending.cancel(false));
            pending.whenComplete((outcome, error) -> {
                if (call.isCancelled() || error instanceof CancellationException) {
                    return;
                }
                try {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                    out.onNext(tasksResponse(who, outcome));
                    out.onCompleted();
                } catch (RuntimeException e) {
                    fail(out, "GetTasks", peer, e);
                }
            });
        }

        @Override
        public void getAggregatedTensor(GetAggregatedTensorRequest request,
                StreamObserver<GetAggregatedTensorResponse> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            try {
                String who = headers.admit(peer, request.hasHeader(), request.getHeader(),
                        "GetAggregatedTensorRequest");
                NamedTensor tensor = tensor(who, request);
                out.onNext(GetAggregatedTensorResponse.newBuilder().setHeader(headers.reply(who))
                        .setRoundNumber(request.getRoundNumber()).setTensor(tensor).build());
                out.onCompleted();
            } catch (RuntimeException e) {
                fail(out, "GetAggregatedTensor", peer, e);
            }
        }

        @Override
        public StreamObserver<DataStream> sendLocalTaskResults(StreamObserver<SendLocalTaskResultsResponse> out) {
            return new OpenFlUpload(OpenFlService.this, Peer.CONTEXT_KEY.get(),
                    (ServerCallStreamObserver<SendLocalTaskResultsResponse>) out);
        }

        @Override
        public void interopRelay(InteropMessage request, StreamObserver<InteropMessage> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            try {
                headers.admit(peer, request.hasHeader(), request.getHeader(), "InteropMessage");
                LOG.warn("Refused InteropRelay from {}: OpenFL's relay to a Flower server is not served", peer);
                out.onError(Status.UNIMPLEMENTED.withDescription("InteropRelay (OpenFL's relay to a Flower server)"
                        + " is not served by the fl4j aggregator").asRuntimeException());
            } catch (RuntimeException e) {
                fail(out, "InteropRelay", peer, e);
            }
        }
    }
}
