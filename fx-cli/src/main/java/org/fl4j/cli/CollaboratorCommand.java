package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx collaborator}: Create, certify and run collaborators. */
@Command(
        name = "collaborator",
        mixinStandardHelpOptions = true,
        description = "Create, certify and run collaborators.",
        subcommands = {
            CollaboratorCreateCommand.class,
            CollaboratorGenerateCertRequestCommand.class,
            CollaboratorCertifyCommand.class,
            CollaboratorRevokeCommand.class,
            CollaboratorStartCommand.class,
            CollaboratorPingCommand.class,
            CollaboratorStatusCommand.class
        })
final class CollaboratorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
