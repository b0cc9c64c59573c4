package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round tests over Netty with mutual TLS on a loopback port, with certificates from our PKI. */
class MtlsLoopbackFederationRoundTest extends AbstractFederationRoundTest {

    @TempDir
    static Path pkiDir;

    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir, TestFederations.COLLABORATORS.toArray(String[]::new));
    }

    @Override
    AggregatorServer start(AggregatorConfig config) throws Exception {
        return AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), clock);
    }

    @Override
    ManagedChannel channel(String name, AggregatorConfig config) {
        ManagedChannel channel = TlsTransport.client(
                        NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()),
                        TlsContexts.client(pki.client(name)))
                .maxInboundMessageSize(config.limits().maxMessageBytes())
                .build();
        closeLater(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    /** Identity comes from the certificate: alpha's connection naming bravo in its headers is refused. */
    @Test
    void tasks_headerNamesAnotherCollaboratorThanTheCertificate_refusedAndNoHandshakeRefused() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 1);
        TestFederations.writeInitialModel(config);
        server = start(config);
        FederationClient alphaAsBravo = new FederationClient(channel("alpha", config),
                new Route("bravo", config.name(), config.federationId()), config.limits(), Duration.ofSeconds(30));

        assertThatThrownBy(() -> alphaAsBravo.tasks(Duration.ofSeconds(1))).hasMessageContaining("alpha");
        assertThat(client("bravo", config).ping(Duration.ofSeconds(5)).round()).isZero();
        assertThat(server.handshakeRefusals().total()).isZero();
    }
}
