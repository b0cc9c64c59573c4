package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientCall;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.util.ResourceLeakDetector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ModelRequest;
import org.fl4j.protocol.v1.ResultChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real service and client over Netty on loopback (plaintext: TLS is the aggregator's and collaborator's
 * business), with megabytes of tensors: what arrives is bit-identical, and chunks arrive in Netty's own buffers
 * (zero-copy), on both sides. Not every chunk does (gRPC copies runs of small buffers into an array of its own,
 * which it does not lend), but a gRPC upgrade that stops lending its buffers shows up here, not as a slowdown.
 */
class NettyTransportTest {

    private static final String AGG = "agg.example.org";
    private static final String FED = "fed-1234";
    private static final WireLimits LIMITS = new WireLimits(256 << 10, 64L << 20);

    private final ModelWeights model = new ModelWeights(List.of(tensor("conv/w", 3, 3, 64, 128),
            tensor("conv/b", 128), tensor("dense/w", 1_000_003)));
    private final RecordingHandler handler = new RecordingHandler(model, 5);
    private final ConcurrentLinkedQueue<Boolean> uploadsZeroCopy = new ConcurrentLinkedQueue<>();
    private Server server;
    private ManagedChannel channel;
    private FederationClient client;

    private static Tensor tensor(String name, int... shape) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.001 + name.length()) * 3.5f;
        }
        return new Tensor(name, shape, v);
    }

    @BeforeEach
    void start() throws Exception {
        ServerInterceptor asAlpha = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(io.grpc.Context.current().withValue(Peer.CONTEXT_KEY,
                        Peer.certified("alpha")), call, headers, next);
            }
        };
        ServerInterceptor watchUploads = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                        next.startCall(call, headers)) {
                    @Override
                    public void onMessage(Q message) {
                        if (message instanceof Received<?> r && r.message() instanceof ResultChunk c
                                && c.hasChunk()) {
                            uploadsZeroCopy.add(r.zeroCopy());
                        }
                        super.onMessage(message);
                    }
                };
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new FederationService(AGG, FED, LIMITS, handler),
                        watchUploads, asAlpha))
                .maxInboundMessageSize(LIMITS.maxMessageBytes())
                .build().start();
        channel = NettyChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext()
                .maxInboundMessageSize(LIMITS.maxMessageBytes()).build();
        client = new FederationClient(channel, new Route("alpha", AGG, FED), LIMITS, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void model_overNetty_bitIdentical() {
        assertThat(client.model(5)).isEqualTo(model);
        assertThat(client.model(5)).isEqualTo(model);
    }

    @Test
    void model_overNetty_chunksArriveInNettysBuffers() throws Exception {
        ConcurrentLinkedQueue<Boolean> zeroCopy = new ConcurrentLinkedQueue<>();
        CompletableFuture<Status> closed = streamModel((call, received) -> {
            try (received) {
                if (received.message().hasChunk()) {
                    zeroCopy.add(received.zeroCopy());
                }
            }
            call.request(1);
        });

        assertThat(closed.get(30, TimeUnit.SECONDS).isOk()).isTrue();
        assertThat(zeroCopy).hasSizeGreaterThan(16).contains(true);
    }

    @Test
    void model_cancelledAfterTheFirstChunk_leaseReleased() throws Exception {
        CompletableFuture<Status> closed = streamModel((call, received) -> {
            boolean chunk;
            try (received) {
                chunk = received.message().hasChunk();
            }
            if (chunk) {
                call.cancel("enough", null);
            } else {
                call.request(1);
            }
        });

        assertThat(closed.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
        FederationProtocolTest.awaitReleased(handler);
    }

    /**
     * Asks for round 5's model on a raw call and hands every message to {@code onMessage}, which closes it and
     * asks for the next one or cancels; completes with the call's status.
     */
    private CompletableFuture<Status> streamModel(
            BiConsumer<ClientCall<ModelRequest, Received<ModelChunk>>, Received<ModelChunk>> onMessage) {
        ClientCall<ModelRequest, Received<ModelChunk>> call = channel.newCall(Wire.GET_MODEL,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(Received<ModelChunk> received) {
                onMessage.accept(call, received);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.sendMessage(ModelRequest.newBuilder().setHeader(Codec.header("alpha", AGG, FED)).setRound(5).build());
        call.halfClose();
        call.request(1);
        return closed;
    }

    @Test
    void transfers_overNetty_handEveryBufferBack() throws Exception {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try (LogCapture leaks = new LogCapture(ResourceLeakDetector.class.getName())) {
            for (int i = 0; i < 3; i++) {
                client.model(5);
                client.send(new TaskUpload(5, "train", 42, Map.of("loss", 0.125), model));
            }
            System.gc();
            Thread.sleep(300);
            client.model(5);
            client.send(new TaskUpload(5, "train", 42, Map.of("loss", 0.125), model));

            assertThat(leaks.lines()).noneMatch(line -> line.contains("LEAK"));
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }

    @Test
    void upload_overNetty_bitIdentical_chunksTakenFromNettysBuffers() {
        UploadAck ack = client.send(new TaskUpload(5, "train", 42, Map.of("loss", 0.125), model));

        assertThat(ack).isEqualTo(new UploadAck(5, "train", false));
        assertThat(handler.received.get("train")).isEqualTo(model);
        assertThat(uploadsZeroCopy).hasSizeGreaterThan(16).contains(true);
    }
}
