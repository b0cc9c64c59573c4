package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx workspace}: Manage federated learning workspaces. */
@Command(
        name = "workspace",
        mixinStandardHelpOptions = true,
        description = "Manage federated learning workspaces.",
        subcommands = {
            WorkspaceCreateCommand.class,
            WorkspaceCertifyCommand.class
        })
final class WorkspaceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
