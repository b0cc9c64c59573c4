package org.fl4j.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListener;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fl4j.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsTransport} over real loopback mutual TLS with our PKI: a 1 MiB message each way, with the size of
 * every DATA frame each side reads recorded by a frame listener of the test's, wrapped around the one the
 * negotiator under test leaves. Frames over 16 KiB can only come from a peer that was asked for them. The
 * tests record their connection's second call: a client may send its first call before the server's settings
 * reach it, as HTTP/2 allows, and such a call's frames are 16 KiB whatever was asked.
 */
class TlsTransportTest {

    private static final int MESSAGE = 1 << 20;
    private static final int HTTP2_DEFAULT_FRAME = 16 << 10;

    @TempDir
    static Path dir;

    private static TestPki pki;

    private final AtomicInteger serverLargestFrame = new AtomicInteger();
    private final AtomicInteger clientLargestFrame = new AtomicInteger();
    private final List<Runnable> closing = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir, "col1");
    }

    @AfterEach
    void stop() {
        closing.forEach(Runnable::run);
    }

    @Test
    void bothSidesWide_framesOver16KibEachWay() throws Exception {
        Server server = server(true);

        assertThat(secondCall(client(server, true))).isEqualTo(pattern(MESSAGE, 7));
        assertThat(serverLargestFrame.get()).isGreaterThan(HTTP2_DEFAULT_FRAME)
                .isLessThanOrEqualTo(TlsTransport.MAX_FRAME_BYTES);
        assertThat(clientLargestFrame.get()).isGreaterThan(HTTP2_DEFAULT_FRAME)
                .isLessThanOrEqualTo(TlsTransport.MAX_FRAME_BYTES);
    }

    @Test
    void plainGrpcTls_16KibFrames() throws Exception {
        Server server = server(false);

        assertThat(secondCall(client(server, false))).isEqualTo(pattern(MESSAGE, 7));
        assertThat(serverLargestFrame.get()).isEqualTo(HTTP2_DEFAULT_FRAME);
        assertThat(clientLargestFrame.get()).isEqualTo(HTTP2_DEFAULT_FRAME);
    }

    @Test
    void wideServer_plainGrpcClient_eachGetsWhatItAskedFor() throws Exception {
        Server server = server(true);

        assertThat(secondCall(client(server, false))).isEqualTo(pattern(MESSAGE, 7));
        assertThat(serverLargestFrame.get()).isGreaterThan(HTTP2_DEFAULT_FRAME);
        assertThat(clientLargestFrame.get()).isEqualTo(HTTP2_DEFAULT_FRAME);
    }

    @Test
    void wideClient_serverCertificateNotNamingTheHost_refused() throws Exception {
        Server server = server(true);
        ManagedChannel channel = channel(TlsTransport.client(NettyChannelBuilder.forAddress("127.0.0.1",
                server.getPort()), TlsContexts.client(pki.client("col1")))
                .overrideAuthority("elsewhere.example.org:1"));

        assertThatThrownBy(() -> call(channel))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(serverLargestFrame.get()).isZero();
    }

    private Server server(boolean wide) throws IOException {
        InternalProtocolNegotiator.ProtocolNegotiator tls = InternalProtocolNegotiators.serverTls(
                TlsContexts.server(pki.server()));
        return serve(NettyServerBuilder.forPort(0).protocolNegotiator(new Recording(
                wide ? new WideFrameNegotiator(tls, TlsTransport.MAX_FRAME_BYTES) : tls, serverLargestFrame)));
    }

    private ManagedChannel client(Server server, boolean wide) {
        return channel(TlsTransport.negotiating(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.getPort()),
                () -> {
                    InternalProtocolNegotiator.ProtocolNegotiator tls = InternalProtocolNegotiators.tls(
                            TlsContexts.client(pki.client("col1")), null, null);
                    return new Recording(wide ? new WideFrameNegotiator(tls, TlsTransport.MAX_FRAME_BYTES) : tls,
                            clientLargestFrame);
                }));
    }

    /** A negotiator that also records the largest DATA frame its connections read. */
    private static final class Recording extends ListeningNegotiator {

        private final AtomicInteger largest;

        Recording(InternalProtocolNegotiator.ProtocolNegotiator negotiator, AtomicInteger largest) {
            super(negotiator);
            this.largest = largest;
        }

        @Override
        Http2FrameListener around(Http2FrameListener grpc, GrpcHttp2ConnectionHandler grpcHandler) {
            return new Http2FrameListenerDecorator(grpc) {
                @Override
                public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                        boolean endOfStream) throws Http2Exception {
                    largest.accumulateAndGet(data.readableBytes() + padding, Math::max);
                    return super.onDataRead(ctx, streamId, data, padding, endOfStream);
                }
            };
        }
    }

    private Server serve(NettyServerBuilder builder) throws IOException {
        MethodDescriptor<byte[], byte[]> method = method();
        Server server = builder.maxInboundMessageSize(2 * MESSAGE)
                .addService(ServerServiceDefinition.builder("transport").addMethod(method,
                        ServerCalls.asyncUnaryCall((request, out) -> {
                            out.onNext(pattern(MESSAGE, 7));
                            out.onCompleted();
                        })).build())
                .build().start();
        closing.add(() -> shutdown(server));
        return server;
    }

    private ManagedChannel channel(NettyChannelBuilder builder) {
        ManagedChannel channel = builder.maxInboundMessageSize(2 * MESSAGE).build();
        closing.add(0, () -> {
            try {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return channel;
    }

    /** Calls twice on one connection and returns the second response, with only its frames recorded. */
    private byte[] secondCall(ManagedChannel channel) {
        assertThat(call(channel)).isEqualTo(pattern(MESSAGE, 7));
        serverLargestFrame.set(0);
        clientLargestFrame.set(0);
        return call(channel);
    }

    private byte[] call(ManagedChannel channel) {
        return ClientCalls.blockingUnaryCall(channel, method(), CallOptions.DEFAULT.withDeadlineAfter(20,
                TimeUnit.SECONDS), pattern(MESSAGE, 3));
    }

    private static MethodDescriptor<byte[], byte[]> method() {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("transport/Echo").setRequestMarshaller(MtlsProbe.BYTES)
                .setResponseMarshaller(MtlsProbe.BYTES).build();
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + (i >>> 9));
        }
        return b;
    }

    private static void shutdown(Server server) {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
