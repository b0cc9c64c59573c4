package org.fl4j.e2e;

import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.rpc.WireLimits;

/** The whole federation over Netty with mutual TLS on a loopback port, each site using its own files. */
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
}
