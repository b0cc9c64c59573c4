package org.fl4j.protocol.rpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultBegin;
import org.fl4j.protocol.v1.ResultChunk;

/**
 * Sends one task result as a {@code ResultBegin} and its tensor chunks ({@link FloatChunk}s), only while the
 * transport is ready for more (gRPC's default threshold: about one chunk queued, see {@link ModelStreamer}),
 * and completes {@link #ack} with the aggregator's reply. An early reply (a duplicate, a refusal) stops the
 * sending.
 */
final class UploadSender implements ClientResponseObserver<Object, ResultAck> {

    final CompletableFuture<ResultAck> ack = new CompletableFuture<>();
    private final Header header;
    private final ResultBegin begin;
    private final ChunkSource chunks;
    private final EncodedChunkSource encoded;
    private ClientCallStreamObserver<Object> requests;
    private boolean begun;
    private boolean done;

    private final java.util.function.LongConsumer bytes;

    UploadSender(Header header, TaskUpload upload, int chunkBytes, java.util.function.LongConsumer bytes) {
        this.bytes = bytes;
        this.header = header;
        this.begin = Codec.resultBegin(upload.header(chunkBytes));
        boolean raw = upload.encoding() == null;
        this.chunks = raw ? new ChunkSource(upload.tensors().tensors(), chunkBytes) : null;
        this.encoded = raw ? null : new EncodedChunkSource(upload.tensors().tensors(), upload.encoding(), chunkBytes);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(this::pump);
    }

    private synchronized void pump() {
        try {
            while (!done && requests.isReady()) {
                if (!begun) {
                    requests.onNext(ResultChunk.newBuilder().setHeader(header).setBegin(begin).build());
                    begun = true;
                } else if (chunks != null && chunks.hasNext()) {
                    FloatChunk chunk = chunks.next(header);
                    bytes.accept(chunk.dataBytes());
                    requests.onNext(chunk);
                } else if (encoded != null && encoded.hasNext()) {
                    org.fl4j.protocol.v1.TensorChunk chunk = encoded.next();
                    bytes.accept(chunk.getData().size());
                    requests.onNext(ResultChunk.newBuilder().setHeader(header).setChunk(chunk).build());
                } else {
                    done = true;
                    requests.onCompleted();
                }
            }
        } catch (RuntimeException e) {
            done = true;
            requests.onError(e);
            ack.completeExceptionally(e);
        }
    }

    @Override
    public void onNext(ResultAck value) {
        synchronized (this) {
            done = true;
        }
        ack.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            done = true;
        }
        ack.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        ack.completeExceptionally(new IllegalStateException("the aggregator closed the upload without a receipt"));
    }
}
