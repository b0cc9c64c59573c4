package org.fl4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.fl4j.workspace.slurm.SlurmJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fx slurm workers --intermediate NAME}: a job array with one task per site of intermediate aggregator
 * NAME, each running {@code fx collaborator start -n SITE} in this workspace.
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"Write a SLURM job array that runs the collaborators of an intermediate aggregator.",
            "One array task per collaborator listed under NAME in the plan's network.settings.tree, each running"
                + " fx collaborator start -n <its name> in this workspace (shared by the nodes), with its"
                + " certificate and data path from here: a site training across its machines behind its own"
                + " intermediate aggregator, each machine on its shard."})
final class SlurmWorkersCommand implements Callable<Integer> {

    @Option(names = "--intermediate", required = true, paramLabel = "NAME",
            description = "The intermediate aggregator of the plan's network.settings.tree the workers report to.")
    String intermediate;

    @Option(names = "--give-up-after", paramLabel = "SECONDS",
            description = "Stop when the aggregator stays unreachable this long (default: fx collaborator start's).")
    Long giveUpAfter;

    @Mixin
    SlurmOptions slurm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> sites = IntermediateWorkers.sites(spec.commandLine(), intermediate);
        List<String> args = giveUpAfter == null ? List.of("collaborator", "start", "-n", SlurmJob.ARRAY_NAME)
                : List.of("collaborator", "start", "-n", SlurmJob.ARRAY_NAME, "--give-up-after",
                        giveUpAfter.toString());
        slurm.writeAndSubmit(spec.commandLine(), "fl4j-workers-" + intermediate, args, sites, "fl4j workers of "
                + intermediate + ": " + String.join(", ", sites) + ", one array task each, train on their shards"
                + " until the federation ends.");
        return 0;
    }
}
