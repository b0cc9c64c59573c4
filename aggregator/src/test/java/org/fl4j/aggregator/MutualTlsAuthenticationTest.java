package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity over mutual TLS, one test per refusal. Where the TLS handshake itself refuses the peer (foreign
 * CA, no certificate, expired), only the status code is asserted: the handshake's cause is not stable.
 */
class MutualTlsAuthenticationTest {

    @TempDir
    static Path pkiDir;

    @TempDir
    Path dir;

    /** Shared: tests revoke only bravo and charlie, whom no other test uses. */
    private static TestPki pki;
    private AggregatorConfig config;
    private AggregatorServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private LogCapture log;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir, "alpha", "bravo", "charlie", "mallory");
    }

    @BeforeEach
    void start() throws Exception {
        config = TestFederations.config(dir.resolve("ws"), 2);
        TestFederations.writeInitialModel(config);
        log = new LogCapture(PeerAuthentication.class.getName(), "aggregator");
        server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), new MutableClock(Instant.EPOCH));
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.close();
        log.close();
    }

    private FederationClient client(SslContext tls, Route route) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()).sslContext(tls)
                .build();
        channels.add(channel);
        return new FederationClient(channel, route, config.limits(), Duration.ofSeconds(10));
    }

    private FederationClient client(TlsFiles files, String sender) {
        return client(TlsContexts.client(files), new Route(sender, config.name(), config.federationId()));
    }

    private static FederationException.Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (FederationException e) {
            return e.kind();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void ping_collaboratorInCols_answered() {
        assertThat(client(pki.client("alpha"), "alpha").ping(Duration.ofSeconds(10)).roundsToTrain()).isEqualTo(2);
    }

    @Test
    void anyCall_cnNotInCols_permissionDeniedAndLogged() {
        FederationClient mallory = client(pki.client("mallory"), "mallory");

        assertThatThrownBy(() -> mallory.ping(Duration.ofSeconds(10))).isInstanceOfSatisfying(FederationException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("'mallory' is not in plan/cols.yaml");
                });
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN Refused Ping from CN 'mallory'"));
    }

    @Test
    void anyCall_senderNotTheCn_permissionDeniedAndLogged() {
        FederationClient impostor = client(pki.client("alpha"), "bravo");

        assertThatThrownBy(() -> impostor.tasks(Duration.ofSeconds(1))).isInstanceOfSatisfying(
                FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("sender 'bravo'", "CN 'alpha'");
                });
        assertThat(log.lines()).anyMatch(l -> l.contains("Refused GetTasks from CN 'alpha'") && l.contains("'bravo'"));
    }

    @Test
    void anyCall_wrongFederationId_permissionDenied() {
        FederationClient other = client(TlsContexts.client(pki.client("alpha")),
                new Route("alpha", config.name(), "fl4j-another-plan"));

        assertThat(kindOf(() -> other.ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.PERMISSION_DENIED);
    }

    @Test
    void anyCall_revokedAfterConnecting_unauthenticatedAndLogged() {
        FederationClient bravo = client(pki.client("bravo"), "bravo");
        bravo.ping(Duration.ofSeconds(10));

        pki.revoke("bravo");

        assertThatThrownBy(() -> bravo.ping(Duration.ofSeconds(10))).isInstanceOfSatisfying(FederationException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains("is revoked");
                });
        assertThat(log.lines()).anyMatch(l -> l.contains("Refused Ping from CN 'bravo'") && l.contains("revoked"));
    }

    @Test
    void connect_revokedCertificate_refusedAtTheHandshake() {
        pki.revoke("charlie");

        assertThat(kindOf(() -> client(pki.client("charlie"), "charlie").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
    }

    @Test
    void connect_certificateFromForeignCa_refusedAtTheHandshake() {
        assertThat(kindOf(() -> client(pki.foreignClient("alpha"), "alpha").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
    }

    @Test
    void connect_expiredCertificate_refusedAtTheHandshake() {
        assertThat(kindOf(() -> client(pki.expiredClient("alpha"), "alpha").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
    }

    @Test
    void connect_noClientCertificate_refusedAtTheHandshake() throws Exception {
        SslContext anonymous = GrpcSslContexts.forClient().trustManager(pki.chain().toFile()).build();

        assertThat(kindOf(() -> client(anonymous, new Route("alpha", config.name(), config.federationId()))
                .ping(Duration.ofSeconds(10)))).isEqualTo(FederationException.Kind.UNAVAILABLE);
    }
}
