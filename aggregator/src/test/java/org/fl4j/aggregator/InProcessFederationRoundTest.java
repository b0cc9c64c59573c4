package org.fl4j.aggregator;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;

/** The round tests over the in-process transport. */
class InProcessFederationRoundTest extends AbstractFederationRoundTest {

    private final String serverName = InProcessServerBuilder.generateName();

    @Override
    AggregatorServer start(AggregatorConfig config) throws Exception {
        return AggregatorServer.start(InProcessServerBuilder.forName(serverName), config,
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())), clock);
    }

    @Override
    ManagedChannel channel(String name, AggregatorConfig config) {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).build();
        closeLater(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }
}
