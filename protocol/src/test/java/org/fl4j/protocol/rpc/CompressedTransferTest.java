package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.codec.ErrorFeedback;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.CodecMetadata;
import org.fl4j.protocol.v1.CodecStage;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultBegin;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TensorChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compressed and delta transfers through the real service and client, in-process, with 1 KiB chunks. */
class CompressedTransferTest {

    private static final String AGG = "agg.example.org";
    private static final String FED = "fed-1234";
    private static final WireLimits LIMITS = new WireLimits(1024, 64 << 10);

    private final ModelWeights model = new ModelWeights(List.of(tensor("w", 1L, 50, 60), empty("e"),
            tensor("b", 2L, 7)));
    private final RecordingHandler handler = new RecordingHandler(model, 3);
    private Server server;
    private ManagedChannel channel;

    private static Tensor tensor(String name, long seed, int... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(name, shape, v);
    }

    private static Tensor empty(String name) {
        return new Tensor(name, new int[] {0}, new float[0]);
    }

    private static Pipeline pipeline(String... stages) {
        return Pipeline.of(List.of(stages).stream().map(s -> new Pipeline.StageSpec(s, Map.of())).toList());
    }

    private FederationClient start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor asPeer = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(io.grpc.Context.current().withValue(Peer.CONTEXT_KEY,
                        Peer.certified("alpha")), call, headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(new FederationService(AGG, FED, LIMITS, handler), asPeer))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return new FederationClient(channel, new Route("alpha", AGG, FED), LIMITS, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static void assertClose(ModelWeights actual, ModelWeights expected, float tolerance) {
        assertThat(actual.sameLayout(expected)).isTrue();
        for (int t = 0; t < expected.tensorCount(); t++) {
            float[] a = actual.tensors().get(t).values();
            float[] e = expected.tensors().get(t).values();
            for (int i = 0; i < e.length; i++) {
                assertThat(Math.abs(a[i] - e[i])).as("tensor %d value %d", t, i).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    private ModelWeights trained() {
        return new ModelWeights(List.of(tensor("w", 11L, 50, 60), empty("e"), tensor("b", 12L, 7)));
    }

    @Test
    void send_int8AndLz4_arrivesWithinTheQuantisationStep() throws Exception {
        FederationClient client = start();
        ModelWeights update = trained();

        client.send(new TaskUpload(3, "train", 10, Map.of(), update).encoded(OutgoingEncoding.of(pipeline(
                "int8_blockwise", "lz4"))));

        assertClose(handler.received.get("train"), update, 5f / 127 / 2 + 1e-6f);
        assertThat(handler.events()).containsExactly("open alpha train", "first chunk train", "complete train");
    }

    @Test
    void send_deltaAgainstTheRoundsModel_theAggregatorAddsItBack() throws Exception {
        FederationClient client = start();
        ModelWeights update = trained();

        client.send(new TaskUpload(3, "train", 10, Map.of(), update).encoded(new OutgoingEncoding(pipeline("fp32"),
                model, 3, null)));

        assertClose(handler.received.get("train"), update, 1e-6f);
    }

    @Test
    void send_deltaAgainstARoundTheAggregatorDoesNotHold_refusedBeforeAnyChunk() throws Exception {
        FederationClient client = start();

        assertThatThrownBy(() -> client.send(new TaskUpload(3, "train", 10, Map.of(), trained()).encoded(
                new OutgoingEncoding(pipeline("fp16"), model, 2, null))))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID);
                    assertThat(e.getMessage()).contains("a delta against round 2: this aggregator holds the model of"
                            + " round 3");
                });
        assertThat(handler.events()).containsExactly("open alpha train", "abort train");
        assertThat(handler.received).isEmpty();
    }

    @Test
    void send_topKWithErrorFeedback_pendingResidualIsWhatTheAggregatorMissed() throws Exception {
        FederationClient client = start();
        ModelWeights update = trained();
        ErrorFeedback feedback = ErrorFeedback.zeros(update);

        client.send(new TaskUpload(3, "train", 10, Map.of(), update).encoded(new OutgoingEncoding(
                pipeline("topk", "lz4"), null, 0, feedback)));
        feedback.commit();

        ModelWeights got = handler.received.get("train");
        for (int t = 0; t < update.tensorCount(); t++) {
            float[] sent = update.tensors().get(t).values();
            float[] arrived = got.tensors().get(t).values();
            float[] residual = feedback.residual().tensors().get(t).values();
            for (int i = 0; i < sent.length; i++) {
                assertThat(arrived[i] + residual[i]).isEqualTo(sent[i]);
            }
        }
        long kept = 0;
        for (float v : got.tensors().get(0).values()) {
            kept += v != 0 ? 1 : 0;
        }
        assertThat(kept).isBetween(30L, 40L);
    }

    @Test
    void model_throughFp16_arrivesWithinHalfPrecision() throws Exception {
        handler.download = pipeline("fp16");
        FederationClient client = start();

        ModelWeights got = client.model(3);

        assertClose(got, model, 5f * 0x1p-11f);
        assertThat(handler.leases.get()).isZero();
    }

    @Test
    void send_encodedBeyondTheMaximum_refusedAsTooLarge() throws Exception {
        FederationClient client = start();
        ModelWeights big = new ModelWeights(List.of(tensor("w", 13L, 16_380)));
        handler.refused.clear();

        assertThatThrownBy(() -> client.send(new TaskUpload(3, "train", 10, Map.of(), big).encoded(
                OutgoingEncoding.of(pipeline("lz4")))))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains("bytes of encoded tensors exceed the maximum of 65536 bytes"
                            + " (network.settings.max_model_mb)");
                });
        assertThat(handler.received).isEmpty();
    }

    @Test
    void send_unknownCodec_refusedNamingIt() throws Exception {
        start();
        Status status = rawUpload(List.of(begin(spec("w", 8, "int8_blockwise+snappy", CodecMetadata.getDefaultInstance()))));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("ResultBegin.tensors[0] 'w': unknown codec 'snappy' in"
                + " 'int8_blockwise+snappy' (this build knows fp32, fp16, bf16, int8_blockwise, nf4, topk, lz4)");
        assertThat(handler.events()).isEmpty();
    }

    @Test
    void send_metadataNotMatchingTheData_refusedAndTheResultDropped() throws Exception {
        start();
        CodecMetadata meta = CodecMetadata.newBuilder().setChunkValues(8).addStages(CodecStage.newBuilder()
                .setName("int8_blockwise").putParams("block", 8)).build();
        ResultChunk chunk = ResultChunk.newBuilder().setHeader(header()).setChunk(TensorChunk.newBuilder()
                .setData(ByteString.copyFrom(new byte[10]))).build();

        Status status = rawUpload(List.of(begin(spec("w", 8, "int8_blockwise", meta)), chunk));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("tensor 'w', chunk 0 (encoded bytes from 0): int8_blockwise: a"
                + " chunk of 8 values in 1 blocks of 8 takes 12 bytes, found 10");
        assertThat(handler.events()).containsExactly("open alpha train", "abort train");
    }

    @Test
    void send_codecNotMatchingItsMetadata_refused() throws Exception {
        start();
        CodecMetadata meta = CodecMetadata.newBuilder().setChunkValues(8).addStages(CodecStage.newBuilder()
                .setName("fp16")).build();

        Status status = rawUpload(List.of(begin(spec("w", 8, "int8_blockwise", meta))));

        assertThat(status.getDescription()).contains("codec 'int8_blockwise' does not match its codec_metadata, which"
                + " declares fp16");
    }

    @Test
    void send_chunkValuesBeyondTheChunkLimit_refused() throws Exception {
        start();
        CodecMetadata meta = CodecMetadata.newBuilder().setChunkValues(1 << 20).addStages(CodecStage.newBuilder()
                .setName("topk")).build();

        Status status = rawUpload(List.of(begin(spec("w", 8, "topk", meta))));

        assertThat(status.getDescription()).contains("codec_metadata.chunk_values must be in [1, 1024], found 1048576");
    }

    private static org.fl4j.protocol.v1.TensorSpec spec(String name, int n, String codec, CodecMetadata meta) {
        return org.fl4j.protocol.v1.TensorSpec.newBuilder().setName(name).addShape(n)
                .setDtype(org.fl4j.protocol.v1.DType.FLOAT32).setCodec(codec).setCodecMetadata(meta.toByteString())
                .build();
    }

    private static Header header() {
        return Header.newBuilder().setSender("alpha").setReceiver(AGG).setFederationId(FED).setProtocolMajor(1)
                .setProtocolMinor(2).build();
    }

    private static ResultChunk begin(org.fl4j.protocol.v1.TensorSpec spec) {
        return ResultChunk.newBuilder().setHeader(header()).setBegin(ResultBegin.newBuilder().setRound(3)
                .setTask("train").setSampleCount(1).addTensors(spec)).build();
    }

    private Status rawUpload(List<ResultChunk> messages) throws Exception {
        CompletableFuture<Status> done = new CompletableFuture<>();
        StreamObserver<ResultChunk> requests = AggregatorGrpc.newStub(channel).sendTaskResults(
                new StreamObserver<ResultAck>() {
                    @Override
                    public void onNext(ResultAck value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(Status.OK);
                    }
                });
        messages.forEach(requests::onNext);
        requests.onCompleted();
        return done.get(10, TimeUnit.SECONDS);
    }
}
