package org.fl4j.aggregator;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;

/** The round tests over the in-process transport. */
class InProcessFederationRoundTest extends AbstractFederationRoundTest {

    private final String serverName = InProcessServerBuilder.generateName();

    @Override
    AggregatorServer start(AggregatorConfig config) throws Exception {
        return AggregatorServer.start(InProcessServerBuilder.forName(serverName), config,
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())), clock);
    }

    @Override
    FederationClient client(String name, AggregatorConfig config) {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).build();
        closeLater(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return new FederationClient(channel, new Route(name, config.name(), config.federationId()), config.limits(),
                Duration.ofSeconds(30));
    }
}
