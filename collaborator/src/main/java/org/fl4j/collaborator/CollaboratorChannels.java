package org.fl4j.collaborator;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The collaborator's connection to the aggregator: Netty, mutual TLS with its certificate and wide HTTP/2 frames
 * ({@link TlsTransport}), keepalives.
 */
public final class CollaboratorChannels {

    private CollaboratorChannels() {
    }

    /**
     * A channel to {@code host:port}; the aggregator's certificate must chain to the workspace root and name
     * {@code host}.
     */
    public static ManagedChannel mutualTls(String host, int port, TlsFiles tls, TlsVersion minimum, WireLimits limits) {
        return TlsTransport.client(NettyChannelBuilder.forAddress(host, port), TlsContexts.client(tls, minimum))
                .maxInboundMessageSize(limits.maxMessageBytes())
                .flowControlWindow(4 << 20)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }
}
