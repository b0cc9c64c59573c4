package org.fl4j.protocol.rpc;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelBegin;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ModelRequest;
import org.fl4j.protocol.v1.PingReply;
import org.fl4j.protocol.v1.PingRequest;
import org.fl4j.protocol.v1.ResultAck;
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
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            Iterator<ModelChunk> stream = ClientCalls.blockingServerStreamingCall(blocking.getChannel(),
                    Wire.GET_MODEL, blocking.withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
                            .getCallOptions(), ModelRequest.newBuilder().setHeader(header()).setRound(round).build());
            return receive(stream, round);
        } catch (FederationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw FederationException.fromStatus("GetModel", e);
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    private ModelWeights receive(Iterator<ModelChunk> stream, long round) {
        if (!stream.hasNext()) {
            throw FederationException.invalid("GetModel: the aggregator sent nothing");
        }
        ModelChunk first = stream.next();
        checkReply(first.hasHeader(), first.getHeader(), "ModelChunk");
        if (!first.hasBegin()) {
            throw FederationException.invalid("GetModel: the first message must be a ModelBegin, found "
                    + first.getPartCase());
        }
        ModelBegin begin = first.getBegin();
        if (begin.getRound() != round) {
            throw FederationException.invalid("GetModel: asked for the model of round " + round + ", received round "
                    + begin.getRound());
        }
        List<TensorSpec> specs = Codec.specs(begin.getTensorsList(), limits.maxModelBytes(), "ModelBegin");
        List<float[]> arrays = new ArrayList<>(specs.size());
        for (TensorSpec s : specs) {
            arrays.add(new float[Math.toIntExact(s.elementCount())]);
        }
        ChunkCursor cursor = new ChunkCursor(specs, limits.chunkBytes(), "model of round " + round);
        while (stream.hasNext()) {
            ModelChunk m = stream.next();
            checkReply(m.hasHeader(), m.getHeader(), "ModelChunk");
            if (!m.hasChunk()) {
                throw FederationException.invalid("GetModel: expected a TensorChunk, found " + m.getPartCase());
            }
            int index = m.getChunk().getTensorIndex();
            int offset = Math.toIntExact(m.getChunk().getByteOffset() / 4);
            var values = cursor.accept(m.getChunk());
            var floats = values.asFloatBuffer();
            floats.get(arrays.get(index), offset, floats.remaining());
        }
        if (!cursor.complete()) {
            throw FederationException.invalid("GetModel: the model of round " + round + " ended early: "
                    + cursor.position());
        }
        List<Tensor> tensors = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            tensors.add(new Tensor(specs.get(i).name(), specs.get(i).shape(), arrays.get(i)));
        }
        return new ModelWeights(tensors);
    }

    /** Sends a task result (metrics, sample count, tensors as chunks) and returns the aggregator's receipt. */
    public UploadAck send(TaskUpload upload) {
        long bytes = upload.tensors().byteSize();
        if (bytes > limits.maxModelBytes()) {
            throw new FederationException(FederationException.Kind.TOO_LARGE, "result of " + upload.task()
                    + " holds " + bytes + " bytes of tensors, more than the maximum of " + limits.maxModelBytes()
                    + " bytes (network.settings.max_model_mb)");
        }
        UploadSender sender = new UploadSender(header(), upload, limits.chunkBytes());
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
