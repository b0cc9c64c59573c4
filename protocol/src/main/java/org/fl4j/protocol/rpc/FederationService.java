package org.fl4j.protocol.rpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelRequest;
import org.fl4j.protocol.v1.PingReply;
import org.fl4j.protocol.v1.PingRequest;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.protocol.v1.TasksReply;
import org.fl4j.protocol.v1.TasksRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's side of the fl4j.v1 protocol: checks the header of every message against the caller
 * proved by the transport ({@link Peer}, set by an interceptor) and against this federation, then hands the
 * call to a {@link FederationHandler} in fl4j's types. Results are streamed chunk by chunk into the handler's
 * {@link ResultSink}; models are sent chunk by chunk as the caller reads them (flow control), so neither
 * side holds more than a chunk in flight. Every refusal is logged with the caller and the reason.
 */
public final class FederationService implements BindableService {

    static final Logger LOG = LoggerFactory.getLogger("aggregator");

    private final String aggregator;
    private final String federationId;
    private final WireLimits limits;
    private final FederationHandler handler;
    private final HeaderCheck check;
    private final AcceptedCodecs codecs;

    /**
     * @param aggregator this aggregator's name: the receiver of every request and the sender of every reply
     * @param federationId the federation id every header must carry
     */
    public FederationService(String aggregator, String federationId, WireLimits limits, FederationHandler handler) {
        this(aggregator, federationId, limits, handler, AcceptedCodecs.PLAIN);
    }

    /** A service whose results may carry the tensor codecs {@code codecs} accepts. */
    public FederationService(String aggregator, String federationId, WireLimits limits, FederationHandler handler,
            AcceptedCodecs codecs) {
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.federationId = Objects.requireNonNull(federationId, "federationId");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.check = new HeaderCheck(aggregator, "aggregator", "collaborator", federationId);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return Wire.aggregatorSide(new Impl().bindService(), ServerCalls.asyncServerStreamingCall(this::getModel),
                ServerCalls.asyncClientStreamingCall(out -> new UploadReceiver(this, Peer.CONTEXT_KEY.get(),
                        (ServerCallStreamObserver<ResultAck>) out)));
    }

    WireLimits limits() {
        return limits;
    }

    FederationHandler handler() {
        return handler;
    }

    AcceptedCodecs codecs() {
        return codecs;
    }

    Header replyHeader(String collaborator) {
        return Codec.header(aggregator, collaborator, federationId);
    }

    /** The caller's verified name, after checking the header of one of its messages. */
    String admit(Peer peer, boolean hasHeader, Header header, String message) {
        if (peer == null) {
            throw new FederationException(FederationException.Kind.UNAUTHENTICATED,
                    "the caller is not authenticated (no client certificate was verified)");
        }
        String who = peer.resolve(check.check(hasHeader, header, message));
        String refusal = handler.versionRefusal(who, Codec.version(header));
        if (refusal != null) {
            throw new FederationException(FederationException.Kind.INCOMPATIBLE, refusal);
        }
        return who;
    }

    /** Refuses the call with {@code e}'s status, for a caller speaking {@code version}; logs it. */
    static void refuse(StreamObserver<?> out, String rpc, Peer peer, FederationException e, ProtocolVersion version) {
        if (e.kind() == FederationException.Kind.STALE || e.kind() == FederationException.Kind.TASK_FAILED) {
            LOG.info("Refused {} from {}: {}", rpc, peer, e.getMessage());
        } else {
            LOG.warn("Refused {} from {}: {}", rpc, peer, e.getMessage());
        }
        out.onError(e.toStatus(version));
    }

    static void fail(StreamObserver<?> out, String rpc, Peer peer, RuntimeException e) {
        fail(out, rpc, peer, e, ProtocolVersion.CURRENT);
    }

    /** Ends the call with {@code e}: a refusal's status for a caller speaking {@code version}, or INTERNAL. */
    static void fail(StreamObserver<?> out, String rpc, Peer peer, RuntimeException e, ProtocolVersion version) {
        if (e instanceof FederationException fe) {
            refuse(out, rpc, peer, fe, version);
        } else {
            LOG.error("{} from {} failed", rpc, peer, e);
            out.onError(io.grpc.Status.INTERNAL.withDescription(rpc + " failed on the aggregator: " + e)
                    .asRuntimeException());
        }
    }

    /** GetModel: the round's model as a header frame and chunks, sent as the caller reads them. */
    private void getModel(ModelRequest request, StreamObserver<Object> out) {
        Peer peer = Peer.CONTEXT_KEY.get();
        try {
            String who = admit(peer, request.hasHeader(), request.getHeader(), "ModelRequest");
            ModelLease model = handler.model(who, request.getRound());
            ModelLease base = null;
            var call = (ServerCallStreamObserver<Object>) out;
            try {
                if (request.hasHeldRound()) {
                    base = handler.heldModel(who, request.getRound(), request.getHeldRound());
                }
                ModelStreamer.Delta delta = base == null ? null : new ModelStreamer.Delta(base, request.getHeldRound());
                new ModelStreamer(call, replyHeader(who), request.getRound(), model, limits.chunkBytes(),
                        handler.downloadPipeline(), delta).start();
            } catch (RuntimeException e) {
                model.release();
                if (base != null) {
                    base.release();
                }
                throw e;
            }
        } catch (RuntimeException e) {
            fail(out, "GetModel", peer, e);
        }
    }

    private final class Impl extends AggregatorGrpc.AggregatorImplBase {

        @Override
        public void getTasks(TasksRequest request, StreamObserver<TasksReply> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            ServerCallStreamObserver<TasksReply> call = (ServerCallStreamObserver<TasksReply>) out;
            String who;
            CompletableFuture<TasksOutcome> pending;
            try {
                who = admit(peer, request.hasHeader(), request.getHeader(), "TasksRequest");
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
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    fail(out, "GetTasks", peer, cause instanceof RuntimeException r ? r : new RuntimeException(cause));
                    return;
                }
                out.onNext(Codec.tasksReply(outcome).setHeader(replyHeader(who)).build());
                out.onCompleted();
            });
        }

        @Override
        public void secureAggregation(SecAggRequest request, StreamObserver<SecAggReply> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            ServerCallStreamObserver<SecAggReply> call = (ServerCallStreamObserver<SecAggReply>) out;
            String who;
            CompletableFuture<SecAggReply> pending;
            try {
                who = admit(peer, request.hasHeader(), request.getHeader(), "SecAggRequest");
                pending = handler.secureAggregation(who, peer.certificateDer(), request);
            } catch (RuntimeException e) {
                fail(out, "SecureAggregation", peer, e);
                return;
            }
            call.setOnCancelHandler(() -> pending.cancel(false));
            pending.whenComplete((reply, error) -> {
                if (call.isCancelled() || error instanceof CancellationException) {
                    return;
                }
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    fail(out, "SecureAggregation", peer, cause instanceof RuntimeException r ? r
                            : new RuntimeException(cause));
                    return;
                }
                out.onNext(reply.toBuilder().setHeader(replyHeader(who)).build());
                out.onCompleted();
            });
        }

        @Override
        public void ping(PingRequest request, StreamObserver<PingReply> out) {
            Peer peer = Peer.CONTEXT_KEY.get();
            try {
                String who = admit(peer, request.hasHeader(), request.getHeader(), "PingRequest");
                FederationStatus status = handler.status(who);
                out.onNext(PingReply.newBuilder().setHeader(replyHeader(who)).setRound(status.round())
                        .setRoundsToTrain(status.roundsToTrain()).build());
                out.onCompleted();
            } catch (RuntimeException e) {
                fail(out, "Ping", peer, e);
            }
        }
    }
}
