package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fl4j.collaborator.CollaboratorConfig;
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
        CollaboratorSite site = CollaboratorSite.of(name, options.read());
        CollaboratorConfig config = site.config();
        ManagedChannel channel = site.channel();
        try {
            FederationStatus status = new FederationClient(channel, config.route(), config.limits(),
                    config.transferTimeout()).ping(Duration.ofSeconds(timeout));
            spec.commandLine().getOut().println("Aggregator " + site.target() + " answers " + name + ": federation "
                    + site.plan().federationId() + ", round " + status.round() + " of " + status.roundsToTrain());
        } finally {
            CollaboratorSite.close(channel);
        }
        return Fx.OK;
    }
}
