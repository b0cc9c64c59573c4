package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.BindableService;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.ModelBegin;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ModelRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Download deltas through the real service and client, in-process, with 1 KiB chunks: the collaborator says
 * which round's model it holds, the aggregator sends the differences to it when it keeps that round, and the
 * collaborator adds them to the model it holds, in place.
 */
class DownloadDeltaTest {

    private static final String AGG = "agg.example.org";
    private static final String FED = "fed-1234";
    private static final WireLimits LIMITS = new WireLimits(1024, 64 << 10);

    private final ModelWeights round2 = model(1L, 0f);
    /** Round 3's model: round 2's plus small steps, as training makes them. */
    private final ModelWeights round3 = model(1L, 0.01f);
    private final RecordingHandler handler = new RecordingHandler(round3, 3);
    private Server server;
    private ManagedChannel channel;

    private static ModelWeights model(long seed, float step) {
        Random r = new Random(seed);
        Random steps = new Random(seed + 100);
        List<Tensor> tensors = new ArrayList<>();
        for (int[] shape : List.of(new int[] {50, 60}, new int[] {0}, new int[] {7})) {
            float[] v = new float[(int) Tensor.elementCount(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian() + step * (float) steps.nextGaussian();
            }
            tensors.add(new Tensor("t" + tensors.size(), shape, v));
        }
        return new ModelWeights(tensors);
    }

    private static ModelWeights copy(ModelWeights m) {
        return new ModelWeights(m.tensors().stream().map(t -> new Tensor(t.name(), t.shape(), t.values().clone()))
                .toList());
    }

    private static Pipeline pipeline(String... stages) {
        return Pipeline.of(List.of(stages).stream().map(s -> new Pipeline.StageSpec(s, Map.of())).toList());
    }

    private FederationClient start(BindableService service) throws Exception {
        return start(service.bindService());
    }

    private FederationClient start(ServerServiceDefinition service) throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor asPeer = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(io.grpc.Context.current().withValue(Peer.CONTEXT_KEY,
                        Peer.certified("alpha")), call, headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name).addService(ServerInterceptors.intercept(service, asPeer))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return new FederationClient(channel, new Route("alpha", AGG, FED), LIMITS, Duration.ofSeconds(20));
    }

    private FederationClient start() throws Exception {
        return start(new FederationService(AGG, FED, LIMITS, handler).bindService());
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static float maxDifference(ModelWeights a, ModelWeights b) {
        float most = 0;
        for (int t = 0; t < a.tensorCount(); t++) {
            float[] x = a.tensors().get(t).values();
            float[] y = b.tensors().get(t).values();
            for (int i = 0; i < x.length; i++) {
                most = Math.max(most, Math.abs(x[i] - y[i]));
            }
        }
        return most;
    }

    @Test
    void model_heldRoundKept_int8DeltaAddedInPlaceWithinTheDeltasStep() throws Exception {
        handler.download = pipeline("int8_blockwise", "lz4");
        handler.held.put(2L, round2);
        FederationClient client = start();
        ModelWeights held = copy(round2);

        ModelWeights got = client.model(3, held, OptionalLong.of(2));

        assertThat(got.tensors().get(0).values()).isSameAs(held.tensors().get(0).values());
        // int8 of the differences (|step| < 0.06 here): a half step of 0.06 / 127, far below the weights' own step
        assertThat(maxDifference(got, round3)).isLessThan(0.06f / 127 / 2 + 1e-6f);
        assertThat(handler.leases.get()).isZero();
    }

    @Test
    void model_heldRoundKept_int8DeltaFarMorePreciseThanInt8OfTheWholeModelInTheSameBytes() throws Exception {
        handler.download = pipeline("int8_blockwise");
        handler.held.put(2L, round2);
        FederationClient client = start();

        ModelWeights delta = client.model(3, copy(round2), OptionalLong.of(2));
        long deltaBytes = client.tensorBytesReceived();
        ModelWeights whole = client.model(3, null, OptionalLong.empty());
        long wholeBytes = client.tensorBytesReceived() - deltaBytes;

        assertThat(deltaBytes).isEqualTo(wholeBytes);
        assertThat(maxDifference(delta, round3) * 20).isLessThan(maxDifference(whole, round3));
        assertThat(handler.leases.get()).isZero();
    }

    @Test
    void model_heldRoundNotKept_wholeModel() throws Exception {
        handler.held.put(2L, round2);
        FederationClient client = start();
        ModelWeights held = copy(model(5L, 0f));

        ModelWeights got = client.model(3, held, OptionalLong.of(1));

        assertThat(maxDifference(got, round3)).isZero();
        assertThat(handler.leases.get()).isZero();
    }

    @Test
    void model_noDownloadPipeline_deltaTravelsAsFp32AndArrivesExactly() throws Exception {
        handler.held.put(2L, round2);
        FederationClient client = start();

        ModelWeights got = client.model(3, copy(round2), OptionalLong.of(2));

        assertThat(maxDifference(got, round3)).isLessThan(1e-6f);
    }

    @Test
    void model_deltaAgainstARoundTheCollaboratorDoesNotHold_refusedNamingBothRounds() throws Exception {
        FederationClient client = start(new DeltaSendingAggregator(1));

        assertThatThrownBy(() -> client.model(3, copy(round2), OptionalLong.of(2)))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID);
                    assertThat(e.getMessage()).contains("GetModel: the model of round 3 came as a delta against round"
                            + " 1, but this collaborator holds the model of round 2");
                });
    }

    @Test
    void model_deltaToACollaboratorHoldingNothing_refused() throws Exception {
        FederationClient client = start(new DeltaSendingAggregator(2));

        assertThatThrownBy(() -> client.model(3, null, OptionalLong.empty()))
                .isInstanceOfSatisfying(FederationException.class, e -> assertThat(e.getMessage()).contains(
                        "came as a delta against round 2, but this collaborator holds no earlier model"));
    }

    /** An aggregator that announces round 3's model as a delta against {@code base}, whatever it was asked. */
    private final class DeltaSendingAggregator extends AggregatorGrpc.AggregatorImplBase {
        private final long base;

        DeltaSendingAggregator(long base) {
            this.base = base;
        }

        @Override
        public void getModel(ModelRequest request, StreamObserver<ModelChunk> out) {
            Encoding e = new Encoding(pipeline("fp32"), 256, OptionalLong.of(base));
            ModelBegin.Builder begin = ModelBegin.newBuilder().setRound(3);
            round3.tensors().forEach(t -> begin.addTensors(Codec.spec(TensorSpec.of(t).encoded(e))));
            out.onNext(ModelChunk.newBuilder().setHeader(Codec.header(AGG, "alpha", FED)).setBegin(begin).build());
            out.onCompleted();
        }
    }
}
