package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListener;
import io.grpc.netty.shaded.io.netty.util.AsciiString;

/**
 * A gRPC negotiator that leaves the negotiation to another, unchanged, and puts a frame listener of its own
 * around gRPC's on each connection: a way to act on HTTP/2 frames that gRPC's API does not offer. Built on
 * gRPC's internal negotiator API, the one its own negotiators implement.
 */
abstract class ListeningNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    private final InternalProtocolNegotiator.ProtocolNegotiator negotiator;

    ListeningNegotiator(InternalProtocolNegotiator.ProtocolNegotiator negotiator) {
        this.negotiator = negotiator;
    }

    /** The listener for a connection of {@code grpcHandler}, around {@code grpc}, the one gRPC set. */
    abstract Http2FrameListener around(Http2FrameListener grpc, GrpcHttp2ConnectionHandler grpcHandler);

    @Override
    public final AsciiString scheme() {
        return negotiator.scheme();
    }

    @Override
    public final ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        Http2ConnectionDecoder decoder = grpcHandler.decoder();
        decoder.frameListener(around(decoder.frameListener(), grpcHandler));
        return negotiator.newHandler(grpcHandler);
    }

    @Override
    public final void close() {
        negotiator.close();
    }
}
