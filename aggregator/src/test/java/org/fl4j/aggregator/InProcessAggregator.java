package org.fl4j.aggregator;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real aggregator on gRPC's in-process transport for one test (register with {@code @RegisterExtension}):
 * start, stop and restart it, open channels and scripted sites to it; everything is closed after the test.
 */
final class InProcessAggregator implements AfterEachCallback {

    private final Clock clock;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private String name;
    private AggregatorServer server;

    InProcessAggregator(Clock clock) {
        this.clock = clock;
    }

    AggregatorServer start(AggregatorConfig config) throws IOException {
        name = InProcessServerBuilder.generateName();
        server = AggregatorServer.start(InProcessServerBuilder.forName(name), config,
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())), clock);
        return server;
    }

    AggregatorServer server() {
        return server;
    }

    /** Stops the server as a crash would leave its files (what a restart resumes from). */
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    ManagedChannel channel() {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        return channel;
    }

    FederationClient client(String collaborator, AggregatorConfig config) {
        return new FederationClient(channel(), new Route(collaborator, config.name(), config.federationId()),
                config.limits(), Duration.ofSeconds(30));
    }

    ScriptedSite site(String collaborator, AggregatorConfig config) {
        return new ScriptedSite(collaborator, client(collaborator, config));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        stop();
    }
}
