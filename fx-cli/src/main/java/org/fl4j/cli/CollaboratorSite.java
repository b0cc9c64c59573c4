package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.plan.Names;
import org.fl4j.plan.Plan;

/**
 * What {@code collaborator start} and {@code collaborator ping} both need before they connect: a valid
 * name, its configuration from the plan and its certified TLS files, each refused with what to do.
 */
record CollaboratorSite(String name, Plan plan, Path workspace, CollaboratorConfig config, TlsFiles tls) {

    static CollaboratorSite of(String name, Plan plan) {
        Names.collaboratorNameProblem(name).ifPresent(p -> {
            throw new FxException(p);
        });
        Path ws = CliContext.workspace();
        CollaboratorConfig config;
        try {
            config = CollaboratorConfig.fromPlan(plan, name).withResidualIn(ws);
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        TlsFiles tls = RuntimeFiles.require(TlsFiles.collaborator(PkiLayout.of(ws), name), ws,
                "certify this collaborator first (fx collaborator generate-cert-request -n " + name
                        + ", then fx collaborator certify)");
        return new CollaboratorSite(name, plan, ws, config, tls);
    }

    /** The address of the aggregator this collaborator reports to (the root, or its node of the tree), as {@code host:port}. */
    String target() {
        var parent = plan.parentEndpoint(name);
        return parent.getKey() + ":" + parent.getValue();
    }

    /** A mutual-TLS channel to the aggregator this collaborator reports to, with its certificate. */
    ManagedChannel channel() {
        var parent = plan.parentEndpoint(name);
        return CollaboratorChannels.mutualTls(parent.getKey(), parent.getValue(), tls,
                RuntimeFiles.minimumTls(plan), config.limits());
    }

    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
