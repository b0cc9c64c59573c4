package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx aggregator}: Run and certify the aggregator. */
@Command(
        name = "aggregator",
        mixinStandardHelpOptions = true,
        description = "Run and certify the aggregator.",
        subcommands = {
            AggregatorGenerateCertRequestCommand.class,
            AggregatorCertifyCommand.class,
            AggregatorRevokeCommand.class,
            AggregatorStartCommand.class,
            AggregatorStatusCommand.class
        })
final class AggregatorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
