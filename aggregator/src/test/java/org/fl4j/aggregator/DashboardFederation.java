package org.fl4j.aggregator;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fl4j.aggregator.dashboard.DashboardSettings;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;

/**
 * A federation over loopback mutual TLS with real certificates and the HTTPS dashboard on a free port, and its
 * three scripted sites, for the dashboard's tests.
 */
final class DashboardFederation implements AutoCloseable {

    final AggregatorServer server;
    final AggregatorConfig config;
    private final TestPki pki;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<ScriptedSite> sites = new ArrayList<>();

    DashboardFederation(TestPki pki, Path workspace, int rounds, DashboardSettings.Access access) throws Exception {
        this.pki = pki;
        config = TestFederations.config(workspace, rounds);
        TestFederations.writeInitialModel(config);
        server = AggregatorServer.startTls(config, null, new OperationsOptions(null, null,
                new DashboardSettings("127.0.0.1", 0, access, pki.server(), TlsVersion.TLS_1_3)), pki.server(),
                TlsVersion.TLS_1_3, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
        for (String name : TestFederations.COLLABORATORS) {
            ManagedChannel c = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()),
                    TlsContexts.client(pki.client(name))).build();
            channels.add(c);
            sites.add(new ScriptedSite(name, new FederationClient(c, new Route(name, config.name(),
                    config.federationId()), config.limits(), Duration.ofSeconds(30))));
        }
    }

    /** Every site does its tasks of the round; returns once the round is saved. */
    void round() throws Exception {
        for (ScriptedSite s : sites) {
            s.nextRound();
        }
        server.federation().awaitCommitted();
    }

    String url(String path) {
        return "https://" + TestPki.AGGREGATOR + ":" + server.dashboardPort() + path;
    }

    /** An HTTPS client trusting the federation's root that presents no certificate. */
    HttpClient anonymous() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.chain())) {
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, (X509Certificate) c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
