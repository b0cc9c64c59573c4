package org.fl4j.protocol.rpc;

import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ModelRequest;
import org.fl4j.protocol.v1.PingReply;
import org.fl4j.protocol.v1.PingRequest;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.protocol.v1.TasksReply;
import org.fl4j.protocol.v1.TasksRequest;

/**
 * The collaborator's side of the fl4j.v1 protocol over any gRPC {@link Channel} (Netty with mTLS in
 * production, in-process in tests). Every reply's header is checked: sent by the aggregator of the
 * {@link Route}, to this collaborator, in this federation, with a compatible protocol version. Failures
 * are {@link FederationException}s whose kind says whether to retry. Thread-safe.
 */
public final class FederationClient {

    /** Time allowed on top of the long-poll for a task reply to arrive. */
    static final Duration POLL_MARGIN = Duration.ofSeconds(30);

    private final Route route;
    private final WireLimits limits;
    private final Duration transferTimeout;
    private final AggregatorGrpc.AggregatorBlockingStub blocking;
    private final AggregatorGrpc.AggregatorStub async;
    private final HeaderCheck check;
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param transferTimeout the longest a model download or a result upload may take
     */
    public FederationClient(Channel channel, Route route, WireLimits limits, Duration transferTimeout) {
        this.route = Objects.requireNonNull(route, "route");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.transferTimeout = Objects.requireNonNull(transferTimeout, "transferTimeout");
        this.blocking = AggregatorGrpc.newBlockingStub(channel).withMaxInboundMessageSize(limits.maxMessageBytes())
                .withMaxOutboundMessageSize(limits.maxMessageBytes());
        this.async = AggregatorGrpc.newStub(channel).withMaxInboundMessageSize(limits.maxMessageBytes())
                .withMaxOutboundMessageSize(limits.maxMessageBytes());
        this.check = new HeaderCheck(route.collaborator(), "collaborator", "aggregator", route.federationId());
    }

    public Route route() {
        return route;
    }

    /** Tensor bytes (raw or encoded, as they travel) of every upload this client has sent, retries included. */
    public long tensorBytesSent() {
        return sent.get();
    }

    /** Tensor bytes (raw or encoded, as they travel) of every model this client has downloaded. */
    public long tensorBytesReceived() {
        return received.get();
    }

    private Header header() {
        return Codec.header(route.collaborator(), route.aggregator(), route.federationId());
    }

    private void checkReply(boolean hasHeader, Header h, String message) {
        check.check(hasHeader, h, message, route.aggregator());
    }

    /**
     * Asks for tasks; the aggregator holds the call up to {@code longPoll} when it has none yet.
     */
    public TasksOutcome tasks(Duration longPoll) {
        TasksReply reply;
        try {
            reply = blocking.withDeadlineAfter(longPoll.plus(POLL_MARGIN).toMillis(), TimeUnit.MILLISECONDS)
                    .getTasks(TasksRequest.newBuilder().setHeader(header()).build());
        } catch (RuntimeException e) {
            throw FederationException.fromStatus("GetTasks", e);
        }
        checkReply(reply.hasHeader(), reply.getHeader(), "TasksReply");
        return Codec.tasksOutcome(reply);
    }

    /** Downloads the global model of {@code round}: one call, a stream of chunks. */
    public ModelWeights model(long round) {
        return model(round, null);
    }

    /**
     * Downloads the global model of {@code round} into the arrays of {@code previous} where a tensor keeps its
     * index, name and shape (new arrays for the others), so that a collaborator's rounds reuse one model's
     * memory. {@code previous}'s values are overwritten, even when the download fails: pass only a model
     * nothing reads any more (null: all arrays are new).
     */
    public ModelWeights model(long round, ModelWeights previous) {
        return model(round, previous, OptionalLong.empty());
    }

    /**
     * Like {@link #model(long, ModelWeights)}, telling the aggregator that {@code previous} is, unchanged, the
     * global model of round {@code held} (when present): the aggregator may then send the differences to it,
     * which are added to {@code previous}'s values in place. A delta against any other round is refused. After
     * a failed download {@code previous} holds no round's model any more.
     */
    public ModelWeights model(long round, ModelWeights previous, OptionalLong held) {
        if (held.isPresent() && previous == null) {
            throw new IllegalArgumentException("a held round without the model of that round");
        }
        ClientCall<ModelRequest, Received<ModelChunk>> call = blocking.getChannel().newCall(Wire.GET_MODEL,
                blocking.withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS).getCallOptions());
        ModelReceiver receiver = new ModelReceiver(call, round, limits, check, route.aggregator(),
                previous == null ? List.of() : previous.tensors(), held, received::addAndGet);
        try {
            call.start(receiver, new Metadata());
            ModelRequest.Builder request = ModelRequest.newBuilder().setHeader(header()).setRound(round);
            held.ifPresent(request::setHeldRound);
            call.sendMessage(request.build());
            call.halfClose();
            call.request(1);
            return receiver.model.get();
        } catch (InterruptedException e) {
            call.cancel("interrupted", e);
            Thread.currentThread().interrupt();
            throw new FederationException(FederationException.Kind.UNAVAILABLE, "interrupted while downloading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FederationException f) {
                throw f;
            }
            throw FederationException.fromStatus("GetModel", e.getCause());
        } catch (RuntimeException e) {
            call.cancel("the download failed", e);
            throw FederationException.fromStatus("GetModel", e);
        }
    }

    /** Sends a task result (metrics, sample count, tensors as chunks) and returns the aggregator's receipt. */
    public UploadAck send(TaskUpload upload) {
        long bytes = upload.tensors().byteSize();
        if (bytes > limits.maxModelBytes()) {
            throw new FederationException(FederationException.Kind.TOO_LARGE, "result of " + upload.task()
                    + " holds " + bytes + " bytes of tensors, more than the maximum of " + limits.maxModelBytes()
                    + " bytes (network.settings.max_model_mb)");
        }
        UploadSender sender = new UploadSender(header(), upload, limits.chunkBytes(), sent::addAndGet);
        AggregatorGrpc.AggregatorStub call = async.withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ClientCalls.asyncClientStreamingCall(call.getChannel().newCall(Wire.SEND_TASK_RESULTS_FRAMES, call.getCallOptions()),
                sender);
        ResultAck ack;
        try {
            ack = sender.ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FederationException(FederationException.Kind.UNAVAILABLE, "interrupted while sending", e);
        } catch (ExecutionException e) {
            throw FederationException.fromStatus("SendTaskResults", e.getCause());
        }
        checkReply(ack.hasHeader(), ack.getHeader(), "ResultAck");
        if (ack.getRound() != upload.round() || !ack.getTask().equals(upload.task())) {
            throw FederationException.invalid("ResultAck is for " + ack.getTask() + ", round " + ack.getRound()
                    + ", not for the result sent (" + upload.task() + ", round " + upload.round() + ")");
        }
        return new UploadAck(ack.getRound(), ack.getTask(), ack.getDuplicate());
    }

    /**
     * Sends one message of a secure-aggregation round (its header is set here) and returns the aggregator's
     * reply, which it may hold up to {@code longPoll}; the reply's header is checked.
     */
    public SecAggReply secureAggregation(SecAggRequest request, Duration longPoll) {
        SecAggReply reply;
        try {
            reply = blocking.withDeadlineAfter(longPoll.plus(POLL_MARGIN).toMillis(), TimeUnit.MILLISECONDS)
                    .secureAggregation(request.toBuilder().setHeader(header()).build());
        } catch (RuntimeException e) {
            throw FederationException.fromStatus("SecureAggregation", e);
        }
        checkReply(reply.hasHeader(), reply.getHeader(), "SecAggReply");
        return reply;
    }

    /** Asks the aggregator where the federation stands. */
    public FederationStatus ping(Duration timeout) {
        PingReply reply;
        try {
            reply = blocking.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .ping(PingRequest.newBuilder().setHeader(header()).build());
        } catch (RuntimeException e) {
            throw FederationException.fromStatus("Ping", e);
        }
        checkReply(reply.hasHeader(), reply.getHeader(), "PingReply");
        return new FederationStatus(reply.getRound(), reply.getRoundsToTrain());
    }
}
