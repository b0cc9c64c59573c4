package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListener;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Settings;

/**
 * gRPC's own TLS negotiator, unchanged, whose connections also ask the peer for DATA frames of up to
 * {@code frameBytes}. grpc-java has no setting for the frame size it advertises, so the request is a SETTINGS
 * frame of our own, sent when the peer's first SETTINGS frame arrives: the connection is then past the TLS
 * handshake (with client authentication, for the aggregator) and past HTTP/2's preface, whose settings are
 * gRPC's. Netty reads larger frames once the peer has acknowledged the request, and the peer sends them once
 * it has read it; HTTP/2 keeps both in order on the connection. A peer that never sends larger frames still
 * works.
 */
final class WideFrameNegotiator extends ListeningNegotiator {

    private final int frameBytes;

    WideFrameNegotiator(InternalProtocolNegotiator.ProtocolNegotiator tls, int frameBytes) {
        super(tls);
        this.frameBytes = frameBytes;
    }

    @Override
    Http2FrameListener around(Http2FrameListener grpc, GrpcHttp2ConnectionHandler grpcHandler) {
        return new FrameSizeRequest(grpc, grpcHandler.encoder(), frameBytes);
    }

    /** gRPC's frame listener, which also sends the request after the peer's first settings. */
    private static final class FrameSizeRequest extends Http2FrameListenerDecorator {

        private final Http2ConnectionEncoder encoder;
        private final int frameBytes;
        private boolean sent;

        FrameSizeRequest(Http2FrameListener grpc, Http2ConnectionEncoder encoder, int frameBytes) {
            super(grpc);
            this.encoder = encoder;
            this.frameBytes = frameBytes;
        }

        /** Called on the connection's event loop, as every frame listener is. */
        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) throws Http2Exception {
            super.onSettingsRead(ctx, settings);
            if (!sent) {
                sent = true;
                encoder.writeSettings(ctx, new Http2Settings().maxFrameSize(frameBytes), ctx.newPromise());
                ctx.flush();
            }
        }
    }
}
