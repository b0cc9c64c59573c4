package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx audit}: check the aggregator's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the aggregator's audit log.",
        subcommands = {AuditVerifyCommand.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
