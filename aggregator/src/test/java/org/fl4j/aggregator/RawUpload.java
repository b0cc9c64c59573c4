package org.fl4j.aggregator;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.ProtocolVersion;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.DType;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultBegin;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TensorChunk;
import org.fl4j.protocol.v1.TensorSpec;

/**
 * A training result sent message by message over the real generated stub, so a test can stop half way:
 * {@link #begin}, then {@link #tensor} for some tensors (one chunk each), then {@link #finish}.
 */
final class RawUpload {

    final CompletableFuture<ResultAck> ack = new CompletableFuture<>();
    private final Header header;
    private final ModelWeights tensors;
    private final StreamObserver<ResultChunk> requests;

    RawUpload(ManagedChannel channel, String sender, ModelWeights tensors) {
        this(channel, sender, tensors, ProtocolVersion.CURRENT);
    }

    /** An upload whose headers say the sender speaks protocol {@code version}. */
    RawUpload(ManagedChannel channel, String sender, ModelWeights tensors, ProtocolVersion version) {
        this.header = Header.newBuilder().setSender(sender).setReceiver(TestFederations.AGGREGATOR)
                .setFederationId(TestFederations.FEDERATION).setProtocolMajor(version.major())
                .setProtocolMinor(version.minor()).build();
        this.tensors = tensors;
        this.requests = AggregatorGrpc.newStub(channel).sendTaskResults(new StreamObserver<>() {
            @Override
            public void onNext(ResultAck value) {
                ack.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                ack.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                ack.completeExceptionally(new IllegalStateException("closed without an ack"));
            }
        });
    }

    RawUpload begin(long round, long samples) {
        ResultBegin.Builder b = ResultBegin.newBuilder().setRound(round).setTask("train").setSampleCount(samples);
        for (Tensor t : tensors.tensors()) {
            TensorSpec.Builder s = TensorSpec.newBuilder().setName(t.name()).setDtype(DType.FLOAT32);
            for (int d : t.shape()) {
                s.addShape(d);
            }
            b.addTensors(s);
        }
        requests.onNext(ResultChunk.newBuilder().setHeader(header).setBegin(b).build());
        return this;
    }

    /** Sends tensor {@code index} in chunks of {@code chunkFloats} values. */
    RawUpload tensor(int index, int chunkFloats) {
        float[] v = tensors.tensors().get(index).values();
        for (int from = 0; from < v.length; from += chunkFloats) {
            int n = Math.min(chunkFloats, v.length - from);
            ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(v, from, n);
            requests.onNext(ResultChunk.newBuilder().setHeader(header).setChunk(TensorChunk.newBuilder()
                    .setTensorIndex(index).setByteOffset(4L * from).setData(ByteString.copyFrom(bytes))).build());
        }
        return this;
    }

    void finish() {
        requests.onCompleted();
    }
}
