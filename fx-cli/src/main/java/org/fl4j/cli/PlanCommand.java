package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx plan}: Manage federated learning plans. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Manage federated learning plans.",
        subcommands = {
            PlanPrintCommand.class,
            PlanInitializeCommand.class,
            PlanFreezeCommand.class,
            PlanImportOpenFlCommand.class,
            PlanNameCommands.Save.class,
            PlanNameCommands.Switch.class,
            PlanNameCommands.Remove.class
        })
final class PlanCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
