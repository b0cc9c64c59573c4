package org.fl4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx slurm aggregator}: a batch script running {@code fx aggregator start}. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Write a SLURM batch script that runs the aggregator (fx aggregator start).",
            "The collaborators connect to the plan's network.settings.agg_addr: pin the job to that node with"
                + " --nodelist. With --intermediate NAME the job runs intermediate aggregator NAME of the plan's"
                + " network.settings.tree (fx aggregator start --intermediate NAME), on the node of its address."})
final class SlurmAggregatorCommand implements Callable<Integer> {

    @picocli.CommandLine.Option(names = "--intermediate", paramLabel = "NAME",
            description = "Run intermediate aggregator NAME of the plan's network.settings.tree.")
    String intermediate;

    @Mixin
    SlurmOptions slurm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (intermediate != null) {
            IntermediateWorkers.requireNode(spec.commandLine(), intermediate);
            slurm.writeAndSubmit(spec.commandLine(), "fl4j-aggregator-" + intermediate, List.of("aggregator", "start",
                    "--intermediate", intermediate), "fl4j intermediate aggregator " + intermediate + ": serves its"
                            + " children and reports their average to its parent until the federation ends.");
            return 0;
        }
        slurm.writeAndSubmit(spec.commandLine(), "fl4j-aggregator", List.of("aggregator", "start"),
                "fl4j aggregator: serves the federation until its last round.");
        return 0;
    }
}
