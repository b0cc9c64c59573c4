package org.fl4j.e2e;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.PeerAuthentication;
import org.fl4j.plan.Plan;

/** The whole federation over the in-process transport. */
class InProcessWholeFederationTest extends AbstractWholeFederationTest {

    private final String name = InProcessServerBuilder.generateName();

    @Override
    AggregatorServer start(AggregatorConfig config) throws Exception {
        return AggregatorServer.start(InProcessServerBuilder.forName(name), config,
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())), Clock.systemUTC());
    }

    @Override
    ManagedChannel channel(String collaborator, Path site, Plan plan) {
        return InProcessChannelBuilder.forName(name).build();
    }
}
