package org.fl4j.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Netty gRPC server and client on loopback with certificates from our PKI. Failure cases assert only
 * the status code: the handshake's cause is not a stable part of gRPC's API (as grpc-java's TlsTest does).
 */
class MtlsLoopbackTest {

    @TempDir
    static Path dir;

    private static TestPki pki;

    private Server server;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<String> peers = new CopyOnWriteArrayList<>();
    private final List<String> protocols = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir, "col1", "col2", "col3");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private int start(SslContext context) throws Exception {
        ServerInterceptor identity = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                try {
                    peers.add(Certificates.commonName((X509Certificate) session.getPeerCertificates()[0]));
                    protocols.add(session.getProtocol());
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    call.close(Status.UNAUTHENTICATED, new Metadata());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forPort(0)
                .sslContext(context)
                .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), identity))
                .build()
                .start();
        return server.getPort();
    }

    private ServingStatus check(String host, int port, SslContext client) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).sslContext(client).build();
        channels.add(channel);
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    @Test
    void call_withOurCertificates_completesOverTls13AndServerSeesCommonName() throws Exception {
        int port = start(TlsContexts.server(pki.server()));

        assertThat(check("localhost", port, TlsContexts.client(pki.client("col1")))).isEqualTo(ServingStatus.SERVING);
        assertThat(peers).containsExactly("col1");
        assertThat(protocols).containsExactly("TLSv1.3");
    }

    @Test
    void call_byIpAddress_verifiesIpSan() throws Exception {
        int port = start(TlsContexts.server(pki.server()));

        assertThat(check("127.0.0.1", port, TlsContexts.client(pki.client("col2")))).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void call_tls12Allowed_stillNegotiates13() throws Exception {
        int port = start(TlsContexts.server(pki.server(), TlsVersion.TLS_1_2));

        assertThat(check("localhost", port, TlsContexts.client(pki.client("col1"), TlsVersion.TLS_1_2)))
                .isEqualTo(ServingStatus.SERVING);
        assertThat(protocols).containsExactly("TLSv1.3");
    }

    @Test
    void call_grpcTlsCredentialsReadingOurPemFiles_completes() throws Exception {
        // grpc's own file-based API accepts only PKCS#8 keys: this is what our key files must satisfy
        TlsFiles s = pki.server();
        TlsFiles c = pki.client("col1");
        server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder()
                        .keyManager(s.certificate().toFile(), s.privateKey().toFile())
                        .trustManager(s.trustedChain().toFile())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())
                .addService(new HealthStatusManager().getHealthService())
                .build().start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(),
                TlsChannelCredentials.newBuilder()
                        .keyManager(c.certificate().toFile(), c.privateKey().toFile())
                        .trustManager(c.trustedChain().toFile()).build()).build();
        channels.add(channel);

        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void handshake_clientFromForeignCa_fails() throws Exception {
        int port = start(TlsContexts.server(pki.server()));

        assertThatThrownBy(() -> check("localhost", port, TlsContexts.client(pki.foreignClient("col1"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(peers).isEmpty();
    }

    @Test
    void handshake_revokedAfterServerStart_failsWhileOthersStillWork() throws Exception {
        int port = start(TlsContexts.server(pki.server()));
        assertThat(check("localhost", port, TlsContexts.client(pki.client("col3")))).isEqualTo(ServingStatus.SERVING);

        pki.revoke("col3");

        assertThatThrownBy(() -> check("localhost", port, TlsContexts.client(pki.client("col3"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(check("localhost", port, TlsContexts.client(pki.client("col1")))).isEqualTo(ServingStatus.SERVING);
        assertThat(peers).containsExactly("col3", "col1");
    }

    @Test
    void handshake_expiredClient_fails() throws Exception {
        int port = start(TlsContexts.server(pki.server()));

        assertThatThrownBy(() -> check("localhost", port, TlsContexts.client(pki.expiredClient("col1"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void handshake_withoutClientCertificate_fails() throws Exception {
        int port = start(TlsContexts.server(pki.server()));
        SslContext anonymous = GrpcSslContexts.forClient().trustManager(pki.layout().rootCaCert().toFile()).build();

        assertThatThrownBy(() -> check("localhost", port, anonymous))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void handshake_serverCertificateUsedAsClient_failsOnExtendedKeyUsage() throws Exception {
        int port = start(TlsContexts.server(pki.server()));

        assertThatThrownBy(() -> check("localhost", port, TlsContexts.client(pki.server())))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void handshake_hostNameNotInServerCertificate_fails() throws Exception {
        int port = start(TlsContexts.server(pki.server()));
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port)
                .overrideAuthority("aggregator.example.org")
                .sslContext(TlsContexts.client(pki.client("col1"))).build();
        channels.add(channel);

        assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
