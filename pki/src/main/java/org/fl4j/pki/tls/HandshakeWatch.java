package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.net.SocketAddress;
import java.util.NoSuchElementException;

/**
 * A server's TLS negotiator, unchanged, whose connections report a failed handshake to
 * {@link HandshakeRefusals}. gRPC logs such failures only at its finest level, without the peer. Each
 * connection gets a watcher that puts gRPC's negotiation handler in its place in the pipeline (so gRPC builds
 * the connection exactly as without it), waits for the handshake of the {@link SslHandler} that gRPC adds, reports
 * a failure with the peer's address, and leaves the pipeline once the handshake is over.
 */
final class HandshakeWatch implements InternalProtocolNegotiator.ProtocolNegotiator {

    private final InternalProtocolNegotiator.ProtocolNegotiator tls;
    private final HandshakeRefusals refusals;

    HandshakeWatch(InternalProtocolNegotiator.ProtocolNegotiator tls, HandshakeRefusals refusals) {
        this.tls = tls;
        this.refusals = refusals;
    }

    @Override
    public AsciiString scheme() {
        return tls.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new Watcher(tls.newHandler(grpcHandler), refusals);
    }

    @Override
    public void close() {
        tls.close();
    }

    /** One connection's watcher; its callbacks run on the connection's event loop. */
    private static final class Watcher extends ChannelInboundHandlerAdapter {

        private final ChannelHandler negotiation;
        private final HandshakeRefusals refusals;
        private SocketAddress remote;
        private boolean watching;

        Watcher(ChannelHandler negotiation, HandshakeRefusals refusals) {
            this.negotiation = negotiation;
            this.refusals = refusals;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            remote = ctx.channel().remoteAddress();
            ctx.pipeline().addBefore(ctx.name(), null, negotiation);
            watch(ctx);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (remote == null) {
                remote = ctx.channel().remoteAddress();
            }
            watch(ctx);
            ctx.fireChannelActive();
        }

        private void watch(ChannelHandlerContext ctx) {
            SslHandler ssl = watching ? null : ctx.pipeline().get(SslHandler.class);
            if (ssl == null) {
                return;
            }
            watching = true;
            ssl.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    refusals.refused(remote, HandshakeFailure.of(f.cause()));
                }
                try {
                    ctx.pipeline().remove(this);
                } catch (NoSuchElementException alreadyGone) {
                    // the connection was torn down first
                }
            });
        }
    }
}
