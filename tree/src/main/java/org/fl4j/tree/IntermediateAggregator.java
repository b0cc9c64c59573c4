package org.fl4j.tree;

import io.grpc.ManagedChannel;
import java.io.IOException;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.protocol.rpc.FederationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An intermediate aggregator of a tree ({@code network.settings.tree}): an aggregator to its children, serving a
 * federation whose rounds its {@link Subtree} paces, and a collaborator to its parent, whose runner runs each of
 * the parent's rounds on the children and sends back their weighted average and total weight, so that FedAvg
 * over the tree equals FedAvg over every site. Metrics of the children travel up with their origin.
 *
 * <pre>{@code
 * Subtree subtree = new Subtree();
 * try (AggregatorServer children = AggregatorServer.startIntermediateTls(config, subtree, ...)) {
 *     String reason = new IntermediateAggregator(name, subtree, children).run(parentChannel, collaboratorConfig);
 * }
 * }</pre>
 */
public final class IntermediateAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(IntermediateAggregator.class);

    private final String name;
    private final Subtree subtree;
    private final AggregatorServer children;

    /**
     * @param name its collaborator name toward the parent
     * @param subtree the subtree {@code children} was started with
     * @param children the server of its children's federation
     */
    public IntermediateAggregator(String name, Subtree subtree, AggregatorServer children) {
        this.name = name;
        this.subtree = subtree;
        this.children = children;
    }

    /**
     * Takes part in the parent's federation over {@code parent} until it is over, then tells the children to quit
     * and waits until they were told (or the quit grace passed). Returns the parent's reason.
     *
     * @throws FederationException when the parent refuses this intermediate aggregator (a certificate it does not
     *         admit, say) or stays unreachable; the children are then told nothing and keep waiting for a restart
     * @throws IOException when the children's federation stopped
     */
    public String run(ManagedChannel parent, CollaboratorConfig config) throws InterruptedException, IOException {
        LOG.info("Intermediate aggregator {} serving its children on port {}, reporting to {}", name,
                children.port(), config.route().aggregator());
        String reason = Collaborator.over(parent, config, new SubtreeRunner(name, subtree)).run();
        subtree.end(reason);
        children.awaitFinished();
        return reason;
    }
}
