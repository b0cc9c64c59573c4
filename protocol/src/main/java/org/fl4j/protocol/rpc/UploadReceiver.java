package org.fl4j.protocol.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultChunk;

/**
 * One {@code SendTaskResults} call on the aggregator: the first message must be a {@code ResultBegin},
 * which the handler checks before any chunk is accepted; then chunks are checked for order and bounds and
 * passed to the handler's sink one by one, straight from the transport's buffers, which each message hands
 * back once the sink has taken its values. Messages are requested from the transport one at a time, and the
 * first chunk only once the sink is {@linkplain ResultSink#ready() ready}: until then the sender waits under
 * HTTP/2 flow control and nothing is buffered here. Every message's header is checked against the caller.
 * Callbacks may come from gRPC's threads and from the thread that makes the sink ready, hence the lock.
 */
final class UploadReceiver implements StreamObserver<Received<ResultChunk>> {

    private static final String RPC = "SendTaskResults";

    private final FederationService service;
    private final Peer peer;
    private final ServerCallStreamObserver<ResultAck> out;
    private String who;
    /** The protocol version of the caller's first message, for the status of a refusal. */
    private ProtocolVersion version = ProtocolVersion.CURRENT;
    private ResultHeader header;
    private ResultSink sink;
    private ChunkCursor cursor;
    private boolean finished;

    /** Must be created within the service method: it takes over the call's inbound flow control. */
    UploadReceiver(FederationService service, Peer peer, ServerCallStreamObserver<ResultAck> out) {
        this.service = service;
        this.peer = peer;
        this.out = out;
        out.disableAutoRequest();
        out.request(1);
    }

    @Override
    public synchronized void onNext(Received<ResultChunk> received) {
        try (received) {
            if (!finished) {
                next(received);
            }
        }
    }

    private void next(Received<ResultChunk> received) {
        ResultChunk message = received.message();
        try {
            String sender = service.admit(peer, message.hasHeader(), message.getHeader(), "ResultChunk");
            if (who == null) {
                who = sender;
                version = Codec.version(message.getHeader());
                begin(message);
                if (!finished) {
                    sink.ready().whenComplete(this::sinkReady);
                }
                return;
            } else if (!who.equals(sender)) {
                throw FederationException.denied("ResultChunk header sender changed from '" + who + "' to '"
                        + sender + "' within one upload");
            } else {
                chunk(received);
            }
            out.request(1);
        } catch (RuntimeException e) {
            refuse(e);
        }
    }

    private synchronized void sinkReady(Void ignored, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure == null) {
            out.request(1);
            return;
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        refuse(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    }

    private void begin(ResultChunk message) {
        if (!message.hasBegin()) {
            throw FederationException.invalid("the first message of an upload must be a ResultBegin, found "
                    + message.getPartCase());
        }
        header = Codec.resultHeader(message.getBegin(), service.limits().maxModelBytes(),
                service.limits().chunkBytes(), service.codecs());
        sink = service.handler().results(who, header);
        if (sink.duplicate()) {
            FederationService.LOG.info("Collaborator {} resent its result for {}, round {}: already held",
                    who, header.task(), header.round());
            acknowledge(true);
            return;
        }
        cursor = new ChunkCursor(header.tensors(), service.limits().chunkBytes(), service.limits().maxModelBytes(),
                "upload of " + header.task() + ", round " + header.round(), r -> sink.deltaBase(r).tensors());
    }

    private void chunk(Received<ResultChunk> received) {
        ResultChunk message = received.message();
        if (!message.hasChunk()) {
            throw FederationException.invalid("expected a TensorChunk after the ResultBegin, found "
                    + message.getPartCase());
        }
        cursor.accept(message.getChunk(), received.data(), sink::accept);
    }

    @Override
    public synchronized void onError(Throwable t) {
        if (finished) {
            return;
        }
        finished = true;
        if (sink != null) {
            String why = "upload interrupted (" + io.grpc.Status.fromThrowable(t).getCode() + ")";
            FederationService.LOG.info("Collaborator {}: {} for {}, round {}; discarding what arrived", who, why,
                    header.task(), header.round());
            sink.abort(why);
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (finished) {
            return;
        }
        try {
            if (sink == null) {
                throw FederationException.invalid("empty upload: no ResultBegin");
            }
            if (!cursor.complete()) {
                throw FederationException.invalid("upload of " + header.task() + ", round " + header.round()
                        + " ended early: " + cursor.position());
            }
            sink.complete();
            acknowledge(false);
        } catch (RuntimeException e) {
            refuse(e);
        }
    }

    private void acknowledge(boolean duplicate) {
        finished = true;
        out.onNext(ResultAck.newBuilder().setHeader(service.replyHeader(who)).setDuplicate(duplicate)
                .setRound(header.round()).setTask(header.task()).build());
        out.onCompleted();
    }

    private void refuse(RuntimeException e) {
        finished = true;
        if (sink != null) {
            try {
                sink.abort(e.getMessage());
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
        }
        FederationService.fail(out, RPC, peer, e, version);
    }
}
