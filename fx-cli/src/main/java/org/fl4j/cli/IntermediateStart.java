package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OperationsOptions;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.plan.AggregatorTree;
import org.fl4j.plan.Plan;
import org.fl4j.tree.IntermediateAggregator;

/**
 * {@code fx aggregator start --intermediate NAME}: runs node NAME of the plan's {@code network.settings.tree},
 * serving its children on the node's port with its server certificate and taking part in its parent's
 * federation with its collaborator certificate. Returns the parent's reason for ending.
 */
final class IntermediateStart {

    private IntermediateStart() {
    }

    static String run(Plan plan, Path ws, String name) throws Exception {
        AggregatorConfig config;
        try {
            config = AggregatorConfig.forIntermediate(plan, ws, name);
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        AggregatorTree.Node node = plan.tree().node(name).orElseThrow();
        PkiLayout layout = PkiLayout.of(ws);
        TlsFiles server = RuntimeFiles.require(TlsFiles.aggregator(layout, node.address()), ws,
                "certify the intermediate aggregator's server side first (fx aggregator generate-cert-request --fqdn "
                        + node.address() + ", then fx aggregator certify --fqdn " + node.address() + ")");
        TlsFiles client = RuntimeFiles.require(TlsFiles.collaborator(layout, name), ws,
                "certify the intermediate aggregator toward its parent first (fx collaborator"
                        + " generate-cert-request -n " + name + ", then fx collaborator certify)");
        CollaboratorConfig upward;
        try {
            upward = CollaboratorConfig.fromPlan(plan, name).withResidualIn(ws);
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        Map.Entry<String, Integer> parent = plan.parentEndpoint(name);
        Subtree subtree = new Subtree();
        AggregatorServer children;
        try {
            children = AggregatorServer.startIntermediateTls(config, subtree, OperationsOptions.NONE, server,
                    RuntimeFiles.minimumTls(plan), new InetSocketAddress(node.port()), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        try (AggregatorServer served = children) {
            ManagedChannel channel = CollaboratorChannels.mutualTls(parent.getKey(), parent.getValue(), client,
                    RuntimeFiles.minimumTls(plan), upward.limits());
            try {
                return new IntermediateAggregator(name, subtree, served).run(channel, upward);
            } finally {
                CollaboratorSite.close(channel);
            }
        }
    }
}
