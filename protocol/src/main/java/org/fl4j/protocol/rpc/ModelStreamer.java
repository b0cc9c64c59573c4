package org.fl4j.protocol.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelBegin;
import org.fl4j.protocol.v1.ModelChunk;

/**
 * Sends one model as a {@code ModelBegin} and its chunks, only while the transport is ready for more
 * (gRPC's manual flow control), so a slow reader never makes the aggregator buffer the whole model. gRPC's
 * default readiness threshold (32 KiB) keeps about one chunk queued: queueing four measured 8-10% slower in
 * the runtime benchmark (docs/benchmarks.md), as did the same in the plain gRPC floor.
 *
 * <p>The model is a {@link ModelLease}, released once the call has ended and every chunk handed to gRPC has
 * been serialized: {@code users} counts the call itself (until it completes or is cancelled) and each chunk
 * whose serialized form has not read its values yet. Encoded chunks (a download pipeline, or a delta to the
 * model the receiver holds, whose lease ends with the model's) are encoded before they are handed to gRPC.
 */
final class ModelStreamer implements Runnable, ChunkWatcher {

    private final ServerCallStreamObserver<Object> out;
    private final Header header;
    private final long round;
    private final ModelLease lease;
    private final ModelWeights model;
    private final ChunkSource chunks;
    private final EncodedChunkSource encoded;
    private final List<TensorSpec> specs;
    private final ModelLease base;
    private final AtomicInteger users = new AtomicInteger(1);
    private boolean begun;
    private boolean done;

    /** The model the receiver holds, of round {@code round}, to send differences to; the stream releases it. */
    record Delta(ModelLease base, long round) {
    }

    /**
     * @param pipeline the download pipeline, or null for raw float32 (a delta then travels through fp32)
     * @param delta    the model the receiver holds, or null to send the whole model
     */
    ModelStreamer(ServerCallStreamObserver<Object> out, Header header, long round, ModelLease lease,
            int chunkBytes, Pipeline pipeline, Delta delta) {
        this.out = out;
        this.header = header;
        this.round = round;
        this.lease = lease;
        this.model = lease.model();
        this.base = delta == null ? null : delta.base();
        if (pipeline == null && delta == null) {
            this.chunks = new ChunkSource(model.tensors(), chunkBytes, this);
            this.encoded = null;
            this.specs = TensorSpec.of(model);
        } else {
            Pipeline p = pipeline != null ? pipeline : Pipeline.of(List.of(new Pipeline.StageSpec("fp32", Map.of())));
            OutgoingEncoding how = delta == null ? OutgoingEncoding.of(p)
                    : new OutgoingEncoding(p, delta.base().model(), delta.round(), null);
            this.chunks = null;
            this.encoded = new EncodedChunkSource(model.tensors(), how, chunkBytes);
            this.specs = EncodedChunkSource.specs(model.tensors(), how, chunkBytes);
        }
    }

    void start() {
        out.setOnCancelHandler(() -> {
            synchronized (this) {
                end();
            }
        });
        out.setOnReadyHandler(this);
    }

    @Override
    public void opened() {
        users.incrementAndGet();
    }

    @Override
    public void read() {
        if (users.decrementAndGet() == 0) {
            lease.release();
            if (base != null) {
                base.release();
            }
        }
    }

    /** The call is over: no chunk is handed to gRPC any more. Guarded by this. */
    private void end() {
        if (!done) {
            done = true;
            read();
        }
    }

    private boolean hasNext() {
        return chunks != null ? chunks.hasNext() : encoded.hasNext();
    }

    /** Called by gRPC whenever the call can take more messages (possibly spuriously). */
    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        if (!begun && out.isReady()) {
            ModelBegin.Builder begin = ModelBegin.newBuilder().setRound(round);
            specs.forEach(s -> begin.addTensors(Codec.spec(s)));
            out.onNext(ModelChunk.newBuilder().setHeader(header).setBegin(begin).build());
            begun = true;
        }
        while (begun && out.isReady() && hasNext()) {
            out.onNext(chunks != null ? chunks.next(header)
                    : ModelChunk.newBuilder().setHeader(header).setChunk(encoded.next()).build());
        }
        if (begun && !hasNext()) {
            end();
            out.onCompleted();
        }
    }
}
