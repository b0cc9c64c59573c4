package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fl4j.pki.Pem;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.HandshakeRefusals;
import org.fl4j.pki.tls.HandshakeRefusals.Reason;
import org.fl4j.pki.tls.PresentingClientTls;
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
 * CA, no certificate, expired, revoked), the client sees only UNAVAILABLE (the handshake's cause is not stable
 * there); the server's log line and count of refused handshakes say why.
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
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
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
        log = new LogCapture(PeerAuthentication.class.getName(), "aggregator", HandshakeRefusals.class.getName());
        server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), clock);
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
    void connect_revokedCertificate_refusedAtTheHandshakeLoggedAndCounted() {
        pki.revoke("charlie");

        assertThat(kindOf(() -> client(pki.client("charlie"), "charlie").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.REVOKED_CERTIFICATE, 1L);
        assertThat(refusalLines()).singleElement().asString().contains("(revoked_certificate)",
                "certificate subject '" + subject(pki.client("charlie")) + "'", "of 'charlie'", "is revoked");
    }

    @Test
    void connect_certificateFromForeignCa_notPresentedByOurClient_refusedAsNoCertificate() {
        assertThat(kindOf(() -> client(pki.foreignClient("alpha"), "alpha").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.NO_CERTIFICATE, 1L);
        assertThat(refusalLines()).singleElement().asString().contains("(no_certificate)");
    }

    @Test
    void connect_certificateFromForeignCaPresented_refusedAtTheHandshakeLoggedWithItsSubjectAndIssuer() {
        FederationClient presenting = client(PresentingClientTls.context(pki.foreignClient("alpha")),
                new Route("alpha", config.name(), config.federationId()));

        assertThat(kindOf(() -> presenting.ping(Duration.ofSeconds(10)))).isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.UNTRUSTED_CERTIFICATE, 1L);
        X509Certificate foreign = Pem.readCertificate(pki.foreignClient("alpha").certificate());
        assertThat(refusalLines()).singleElement().asString().startsWith("WARN Refused a TLS handshake from 127.0.0.1:")
                .contains("(untrusted_certificate): the client's certificate is not a client certificate of this"
                        + " federation's CA (certificate subject '" + foreign.getSubjectX500Principal().getName()
                        + "', issuer '" + foreign.getIssuerX500Principal().getName() + "'): PKIX path");
    }

    @Test
    void connect_expiredCertificate_refusedAtTheHandshakeLoggedAndCounted() {
        assertThat(kindOf(() -> client(pki.expiredClient("alpha"), "alpha").ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.EXPIRED_CERTIFICATE, 1L);
        assertThat(refusalLines()).singleElement().asString().contains("(expired_certificate)",
                "certificate subject '" + subject(pki.expiredClient("alpha")) + "'");
    }

    @Test
    void connect_noClientCertificate_refusedAtTheHandshakeLoggedWithoutACertificate() throws Exception {
        assertThat(kindOf(() -> anonymousClient().ping(Duration.ofSeconds(10))))
                .isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.NO_CERTIFICATE, 1L);
        assertThat(refusalLines()).singleElement().asString().startsWith("WARN Refused a TLS handshake from"
                + " 127.0.0.1:").contains("(no_certificate): the client presented no certificate: ")
                .doesNotContain("certificate subject");
    }

    @Test
    void connect_plaintextClient_refusedAsNotTls() {
        ManagedChannel plain = NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()).usePlaintext().build();
        channels.add(plain);
        FederationClient client = new FederationClient(plain, new Route("alpha", config.name(), config.federationId()),
                config.limits(), Duration.ofSeconds(10));

        assertThat(kindOf(() -> client.ping(Duration.ofSeconds(10)))).isEqualTo(FederationException.Kind.UNAVAILABLE);
        awaitRefusals(1);
        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.NOT_TLS, 1L);
        assertThat(refusalLines()).singleElement().asString().contains("(not_tls): the client does not speak TLS");
    }

    @Test
    void connect_refusedAgainWithinTheMinute_countedNotLogged_thenLoggedWithTheCountAfterIt() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            kindOf(() -> anonymousClient().ping(Duration.ofSeconds(10)));
            awaitRefusals(attempt);
        }
        assertThat(refusalLines()).hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        kindOf(() -> client(PresentingClientTls.context(pki.foreignClient("alpha")),
                new Route("alpha", config.name(), config.federationId())).ping(Duration.ofSeconds(10)));
        awaitRefusals(4);

        assertThat(server.handshakeRefusals().snapshot()).containsEntry(Reason.NO_CERTIFICATE, 3L)
                .containsEntry(Reason.UNTRUSTED_CERTIFICATE, 1L);
        assertThat(refusalLines()).hasSize(2).last().asString().contains("(untrusted_certificate)")
                .endsWith("; 2 more refused from 127.0.0.1 since its last line");
    }

    /** A client presenting no certificate. */
    private FederationClient anonymousClient() {
        try {
            SslContext anonymous = GrpcSslContexts.forClient().trustManager(pki.chain().toFile()).build();
            return client(anonymous, new Route("alpha", config.name(), config.federationId()));
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the server to count {@code n} refusals: it learns of a failed handshake after the client does. */
    private void awaitRefusals(long n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.handshakeRefusals().total() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.handshakeRefusals().total()).isEqualTo(n);
    }

    private List<String> refusalLines() {
        return log.lines().stream().filter(l -> l.contains("TLS handshake")).toList();
    }

    private static String subject(TlsFiles files) {
        return Pem.readCertificate(files.certificate()).getSubjectX500Principal().getName();
    }
}
