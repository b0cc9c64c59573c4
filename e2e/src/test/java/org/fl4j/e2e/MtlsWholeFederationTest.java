package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The whole federation over Netty with mutual TLS on a loopback port, each site using its own files; and the
 * identity a site's certificate gives it, which a message header cannot override.
 */
class MtlsWholeFederationTest extends AbstractWholeFederationTest {

    @Override
    AggregatorServer start(AggregatorConfig config) throws Exception {
        Path agg = config.paths().initModel().getParent().getParent();
        return AggregatorServer.startTls(config, TlsFiles.aggregator(PkiLayout.of(agg), TestPki.AGGREGATOR),
                TlsVersion.TLS_1_3, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
    }

    @Override
    ManagedChannel channel(String collaborator, Path site, Plan plan) {
        return CollaboratorChannels.mutualTls(plan.aggregatorAddress(), server.port(),
                TlsFiles.collaborator(PkiLayout.of(site), collaborator), TlsVersion.TLS_1_3,
                new WireLimits(plan.network().chunkBytes(), plan.network().maxModelBytes()));
    }

    @Test
    void siteClaimingAnotherSitesName_refusedByItsCertificate() throws Exception {
        Sites sites = startFederation();
        Path alpha = sites.collaborator("alpha");
        Plan plan = PlanReader.read(alpha);
        ManagedChannel channel = channel("alpha", alpha, plan);
        WireLimits limits = new WireLimits(plan.network().chunkBytes(), plan.network().maxModelBytes());
        try {
            FederationClient asBravo = new FederationClient(channel, new Route("bravo", plan.aggregatorAddress(),
                    plan.federationId()), limits, Duration.ofSeconds(30));

            assertThatThrownBy(() -> asBravo.ping(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(FederationException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains("alpha", "bravo");
                    });
            FederationClient asAlpha = new FederationClient(channel, new Route("alpha", plan.aggregatorAddress(),
                    plan.federationId()), limits, Duration.ofSeconds(30));
            assertThat(asAlpha.ping(Duration.ofSeconds(10)).roundsToTrain()).isEqualTo(3);
        } finally {
            channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
