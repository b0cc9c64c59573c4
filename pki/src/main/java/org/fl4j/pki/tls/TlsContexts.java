package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.fl4j.pki.PkiException;

/**
 * Netty {@link SslContext}s for gRPC from the workspace's PKI files. Both sides trust only the root CA of
 * the chain file and refuse revoked peers at the handshake; the server requires a client certificate.
 *
 * <pre>{@code
 * SslContext ctx = TlsContexts.server(TlsFiles.aggregator(PkiLayout.of(workspace), "agg.example.org"));
 * NettyServerBuilder.forPort(port).sslContext(ctx) ...
 * SslContext cli = TlsContexts.client(TlsFiles.collaborator(PkiLayout.of(workspace), "site1"));
 * NettyChannelBuilder.forAddress(host, port).sslContext(cli) ...
 * }</pre>
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** A server context, TLS 1.3 only, client authentication required. */
    public static SslContext server(TlsFiles files) {
        return server(files, TlsVersion.TLS_1_3);
    }

    /** A server context accepting TLS from {@code minimum} up, client authentication required. */
    public static SslContext server(TlsFiles files, TlsVersion minimum) {
        TlsMaterial m = TlsMaterial.load(files);
        SslContextBuilder b = SslContextBuilder.forServer(m.key(), m.keyChain())
                .trustManager(RevocationAwareTrustManager.of(m))
                .clientAuth(ClientAuth.REQUIRE);
        return build(GrpcSslContexts.configure(b).protocols(minimum.protocols()), files);
    }

    /** A client context, TLS 1.3 only, presenting this endpoint's certificate. */
    public static SslContext client(TlsFiles files) {
        return client(files, TlsVersion.TLS_1_3);
    }

    /** A client context accepting TLS from {@code minimum} up, presenting this endpoint's certificate. */
    public static SslContext client(TlsFiles files, TlsVersion minimum) {
        TlsMaterial m = TlsMaterial.load(files);
        SslContextBuilder b = SslContextBuilder.forClient()
                .keyManager(m.key(), m.keyChain())
                .trustManager(RevocationAwareTrustManager.of(m));
        return build(GrpcSslContexts.configure(b).protocols(minimum.protocols()), files);
    }

    private static SslContext build(SslContextBuilder builder, TlsFiles files) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new PkiException("cannot build a TLS context from " + files.certificate() + ": " + e.getMessage(), e);
        }
    }
}
