package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.plan.Names;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator ping -n NAME}: check that the aggregator answers this collaborator. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Check that the aggregator answers this collaborator.",
            "Connects over mutual TLS as NAME, as 'collaborator start' would, and prints the federation's round."
                + " Fails with the aggregator's reason when it refuses NAME."})
final class CollaboratorPingCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "The collaborator's name (its certificate CN).")
    String name;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the answer (default: 10).")
    long timeout = 10;

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Names.collaboratorNameProblem(name).ifPresent(p -> {
            throw new FxException(p);
        });
        Plan plan = options.read();
        Path ws = CliContext.workspace();
        CollaboratorConfig config;
        try {
            config = CollaboratorConfig.fromPlan(plan, name);
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        TlsFiles tls = RuntimeFiles.require(TlsFiles.collaborator(PkiLayout.of(ws), name), ws,
                "certify this collaborator first (fx collaborator generate-cert-request -n " + name
                        + ", then fx collaborator certify)");
        String target = plan.aggregatorAddress() + ":" + plan.aggregatorPort();
        ManagedChannel channel = CollaboratorChannels.mutualTls(plan.aggregatorAddress(), plan.aggregatorPort(), tls,
                RuntimeFiles.minimumTls(plan), config.limits());
        try {
            FederationStatus status = new FederationClient(channel, config.route(), config.limits(),
                    config.transferTimeout()).ping(Duration.ofSeconds(timeout));
            spec.commandLine().getOut().println("Aggregator " + target + " answers " + name + ": federation "
                    + plan.federationId() + ", round " + status.round() + " of " + status.roundsToTrain());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return Fx.OK;
    }
}
