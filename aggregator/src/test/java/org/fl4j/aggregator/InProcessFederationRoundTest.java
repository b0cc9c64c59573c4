package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.junit.jupiter.api.Test;

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

    /** In process the caller names itself in its headers, so the federation checks the name against cols.yaml. */
    @Test
    void tasks_nameNotInTheFederation_refusedNamingIt() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 1);
        TestFederations.writeInitialModel(config);
        server = start(config);
        FederationClient mallory = new FederationClient(channel("mallory", config),
                new Route("mallory", config.name(), config.federationId()), config.limits(), Duration.ofSeconds(30));

        assertThatThrownBy(() -> mallory.tasks(Duration.ofSeconds(1))).hasMessageContaining("mallory");
    }
}
