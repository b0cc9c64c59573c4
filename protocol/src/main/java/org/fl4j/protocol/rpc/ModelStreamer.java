package org.fl4j.protocol.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelBegin;
import org.fl4j.protocol.v1.ModelChunk;

/**
 * Sends one model as a {@code ModelBegin} and its chunks, only while the transport is ready for more
 * (gRPC's manual flow control), so a slow reader never makes the aggregator buffer the whole model. gRPC's
 * default readiness threshold (32 KiB) keeps about one chunk queued: queueing four measured 8-10% slower in
 * the runtime benchmark (docs/benchmarks.md), as did the same in the plain gRPC floor.
 */
final class ModelStreamer implements Runnable {

    private final ServerCallStreamObserver<Object> out;
    private final Header header;
    private final long round;
    private final ModelWeights model;
    private final ChunkSource chunks;
    private boolean begun;
    private boolean done;

    ModelStreamer(ServerCallStreamObserver<Object> out, Header header, long round, ModelWeights model,
            int chunkBytes) {
        this.out = out;
        this.header = header;
        this.round = round;
        this.model = model;
        this.chunks = new ChunkSource(model.tensors(), chunkBytes);
    }

    void start() {
        out.setOnCancelHandler(() -> {
            synchronized (this) {
                done = true;
            }
        });
        out.setOnReadyHandler(this);
    }

    /** Called by gRPC whenever the call can take more messages (possibly spuriously). */
    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        if (!begun && out.isReady()) {
            ModelBegin.Builder begin = ModelBegin.newBuilder().setRound(round);
            TensorSpec.of(model).forEach(s -> begin.addTensors(Codec.spec(s)));
            out.onNext(ModelChunk.newBuilder().setHeader(header).setBegin(begin).build());
            begun = true;
        }
        while (begun && out.isReady() && chunks.hasNext()) {
            out.onNext(chunks.next(header));
        }
        if (begun && !chunks.hasNext()) {
            done = true;
            out.onCompleted();
        }
    }
}
