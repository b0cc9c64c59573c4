package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.InternalNettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * Puts gRPC's Netty transport on TLS with a context of {@link TlsContexts}, as {@code sslContext(context)}
 * does, and has each side ask its peer for HTTP/2 DATA frames of up to {@link #MAX_FRAME_BYTES}
 * ({@link WideFrameNegotiator}) instead of the 16 KiB that HTTP/2 starts with and grpc-java never raises.
 * A 1 MiB tensor chunk then crosses in a frame or two instead of 64, and the work both sides do per frame
 * (decoding it, accounting for flow control, one buffer per frame in gRPC's message deframer) falls with it
 * (the runtime benchmark's figures are in docs/benchmarks.md). A server also reports every handshake it refuses to
 * a {@link HandshakeRefusals} ({@link HandshakeWatch}).
 *
 * <pre>{@code
 * NettyServerBuilder server = TlsTransport.server(NettyServerBuilder.forAddress(bind), TlsContexts.server(files));
 * NettyChannelBuilder channel = TlsTransport.client(NettyChannelBuilder.forAddress(host, port),
 *         TlsContexts.client(files));
 * }</pre>
 */
public final class TlsTransport {

    /**
     * The largest DATA frame each side asks for: the default tensor chunk. The reader holds a whole frame
     * before it hands it on, so this is also what one connection may make its reader buffer.
     */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    private TlsTransport() {
    }

    /** Serves TLS with {@code context} (a server context) and asks each client for wide frames. */
    public static NettyServerBuilder server(NettyServerBuilder builder, SslContext context) {
        return server(builder, context, new HandshakeRefusals());
    }

    /** As {@link #server(NettyServerBuilder, SslContext)}, counting and logging refused handshakes in {@code refusals}. */
    public static NettyServerBuilder server(NettyServerBuilder builder, SslContext context,
            HandshakeRefusals refusals) {
        return builder.protocolNegotiator(new WideFrameNegotiator(
                new HandshakeWatch(InternalProtocolNegotiators.serverTls(context), refusals), MAX_FRAME_BYTES));
    }

    /**
     * Connects with TLS and {@code context} (a client context), checking that the server's certificate names
     * the host connected to as gRPC does, and asks the server for wide frames.
     */
    public static NettyChannelBuilder client(NettyChannelBuilder builder, SslContext context) {
        return negotiating(builder, () -> new WideFrameNegotiator(InternalProtocolNegotiators.tls(context, null, null),
                MAX_FRAME_BYTES));
    }

    /** Has each of {@code builder}'s connections negotiate with a new negotiator of {@code negotiators}. */
    static NettyChannelBuilder negotiating(NettyChannelBuilder builder,
            Supplier<InternalProtocolNegotiator.ProtocolNegotiator> negotiators) {
        InternalProtocolNegotiator.ClientFactory factory = new InternalProtocolNegotiator.ClientFactory() {
            @Override
            public InternalProtocolNegotiator.ProtocolNegotiator newNegotiator() {
                return negotiators.get();
            }

            @Override
            public int getDefaultPort() {
                return 443;
            }
        };
        InternalNettyChannelBuilder.setProtocolNegotiatorFactory(builder, factory);
        return builder;
    }
}
