package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx slurm}: SLURM batch scripts for the aggregator, collaborators and simulations. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = {"Write (and submit) SLURM batch scripts.",
            "Each verb writes a bash script with #SBATCH lines into the workspace's slurm/ folder, for the site's"
                + " administrator to read, edit and submit with sbatch; --submit submits it at once."},
        subcommands = {SlurmAggregatorCommand.class, SlurmCollaboratorCommand.class, SlurmWorkersCommand.class,
            SlurmSimulateCommand.class})
final class SlurmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
