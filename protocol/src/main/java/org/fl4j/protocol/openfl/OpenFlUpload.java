package org.fl4j.protocol.openfl;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import org.fl4j.protocol.openfl.wire.DataStream;
import org.fl4j.protocol.openfl.wire.SendLocalTaskResultsResponse;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.Peer;
import org.fl4j.protocol.rpc.ResultSink;

/**
 * One {@code SendLocalTaskResults} call: the {@code DataStream} pieces of a serialized {@code TaskResults}, read
 * one gRPC message at a time (manual flow control) and event by event ({@link TaskResultsReader}), so the
 * aggregator holds one piece, never the whole result. Each piece's declared {@code size} must match its bytes,
 * and all pieces together may not exceed {@code network.settings.max_model_mb}. The header (the first field
 * of the result) is checked against the caller before anything else is read; while the sink waits for an
 * upload slot, reading pauses and the sender waits under HTTP/2 flow control. A result of a round that is over,
 * or one already held, is acknowledged as OpenFL's aggregator does (it drops late results without an error, so
 * its collaborators move on). Callbacks come from gRPC's threads and the one that makes the sink ready, hence
 * the lock.
 */
final class OpenFlUpload implements StreamObserver<DataStream> {

    private static final String RPC = "SendLocalTaskResults";

    private final OpenFlService service;
    private final Peer peer;
    private final ServerCallStreamObserver<SendLocalTaskResultsResponse> out;
    private final TaskResultsReader reader = new TaskResultsReader();
    private long total;
    private int pieces;
    private String who;
    private int round;
    private String taskName;
    private int dataSize;
    private ResultAssembly assembly;
    private boolean paused;
    private boolean halfClosed;
    private boolean finished;

    OpenFlUpload(OpenFlService service, Peer peer, ServerCallStreamObserver<SendLocalTaskResultsResponse> out) {
        this.service = service;
        this.peer = peer;
        this.out = out;
        out.disableAutoRequest();
        out.request(1);
    }

    @Override
    public synchronized void onNext(DataStream piece) {
        if (finished) {
            return;
        }
        try {
            pieces++;
            if (piece.getSize() != piece.getNpbytes().size()) {
                throw FederationException.invalid("DataStream " + pieces + " declares size " + piece.getSize()
                        + " but carries " + piece.getNpbytes().size() + " bytes");
            }
            total += piece.getNpbytes().size();
            if (total > service.limits().maxModelBytes()) {
                throw new FederationException(FederationException.Kind.TOO_LARGE, "the TaskResults stream exceeds the"
                        + " maximum of " + service.limits().maxModelBytes() + " bytes (network.settings.max_model_mb)"
                        + " at DataStream " + pieces);
            }
            reader.add(piece.getNpbytes().asReadOnlyByteBuffer());
            drain();
        } catch (RuntimeException e) {
            refuse(e);
        }
    }

    /** Handles every event the pieces so far hold, unless paused for the sink. */
    private void drain() {
        while (!paused && !finished) {
            TaskResultsReader.Event e = reader.next();
            if (e == null) {
                if (halfClosed) {
                    finish();
                } else {
                    out.request(1);
                }
                return;
            }
            handle(e);
        }
    }

    private void handle(TaskResultsReader.Event e) {
        if (who == null && !(e instanceof TaskResultsReader.Header)) {
            throw FederationException.invalid("a TaskResults must begin with its header, found " + e.getClass()
                    .getSimpleName());
        }
        if (e instanceof TaskResultsReader.Header h) {
            if (who != null) {
                throw FederationException.invalid("TaskResults carries two headers");
            }
            who = service.headers().admit(peer, true, h.header(), "TaskResults");
        } else if (e instanceof TaskResultsReader.Round r) {
            round = r.round();
        } else if (e instanceof TaskResultsReader.TaskName t) {
            taskName = t.name();
        } else if (e instanceof TaskResultsReader.DataSize d) {
            dataSize = d.size();
        } else if (e instanceof TaskResultsReader.TensorBegin t) {
            ResultSink opened = assembly().begin(t);
            if (opened != null) {
                opened(opened);
            }
        } else if (e instanceof TaskResultsReader.TensorBytes b) {
            assembly.bytes(b.bytes());
        } else {
            assembly.end();
        }
    }

    private ResultAssembly assembly() {
        if (assembly == null) {
            if (taskName == null || taskName.isBlank()) {
                throw FederationException.invalid("TaskResults names no task before its tensors");
            }
            OpenFlTask task = service.task(taskName);
            assembly = new ResultAssembly(task, service.models().model(who, round), round, dataSize,
                    header -> service.handler().results(who, header));
        }
        return assembly;
    }

    /** The sink was just opened: a duplicate is acknowledged at once; otherwise wait until it is ready. */
    private void opened(ResultSink sink) {
        if (sink.duplicate()) {
            OpenFlService.LOG.info("Collaborator {} resent its result for {}, round {}: already held", who, taskName,
                    round);
            acknowledge();
            return;
        }
        if (!sink.ready().toCompletableFuture().isDone()) {
            paused = true;
        }
        sink.ready().whenComplete(this::ready);
    }

    private synchronized void ready(Void ignored, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            refuse(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
            return;
        }
        if (paused) {
            paused = false;
            try {
                drain();
            } catch (RuntimeException e) {
                refuse(e);
            }
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (finished) {
            return;
        }
        halfClosed = true;
        if (!paused) {
            try {
                drain();
            } catch (RuntimeException e) {
                refuse(e);
            }
        }
    }

    private void finish() {
        if (pieces == 0 || who == null) {
            throw FederationException.invalid("empty SendLocalTaskResults stream: no TaskResults");
        }
        reader.finish();
        if (assembly == null) {
            assembly();
        }
        ResultSink sink = assembly.finish();
        if (sink.duplicate()) {
            opened(sink);
            return;
        }
        if (!sink.ready().toCompletableFuture().isDone()) {
            paused = true;
            sink.ready().whenComplete(this::ready);
            return;
        }
        sink.complete();
        OpenFlService.LOG.debug("Collaborator {} sent {}, round {} in {} pieces ({} bytes)", who, taskName, round,
                pieces, total);
        acknowledge();
    }

    @Override
    public synchronized void onError(Throwable t) {
        if (finished) {
            return;
        }
        finished = true;
        ResultSink sink = assembly == null ? null : assembly.sink();
        if (sink != null) {
            String why = "upload interrupted (" + io.grpc.Status.fromThrowable(t).getCode() + ")";
            OpenFlService.LOG.info("Collaborator {}: {} for {}, round {}; discarding what arrived", who, why, taskName,
                    round);
            sink.abort(why);
        }
    }

    private void acknowledge() {
        finished = true;
        out.onNext(SendLocalTaskResultsResponse.newBuilder().setHeader(service.headers().reply(who)).build());
        out.onCompleted();
    }

    private void refuse(RuntimeException e) {
        ResultSink sink = assembly == null ? null : assembly.sink();
        if (sink != null) {
            try {
                sink.abort(e.getMessage());
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
        }
        if (e instanceof FederationException fe && fe.kind() == FederationException.Kind.STALE && who != null) {
            OpenFlService.LOG.info("Dropped the result of {}, round {} from {}: {}", taskName, round, who,
                    fe.getMessage());
            acknowledge();
            return;
        }
        finished = true;
        OpenFlService.fail(out, RPC, peer, e);
    }
}
