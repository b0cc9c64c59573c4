package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx pki}: Inspect the certificates of a workspace. */
@Command(
        name = "pki",
        mixinStandardHelpOptions = true,
        description = "Inspect the certificates of a workspace; issue operator certificates.",
        subcommands = {
            PkiStatusCommand.class,
            PkiOperatorCommand.class
        })
final class PkiCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
