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
                + " --nodelist."})
final class SlurmAggregatorCommand implements Callable<Integer> {

    @Mixin
    SlurmOptions slurm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        slurm.writeAndSubmit(spec.commandLine(), "fl4j-aggregator", List.of("aggregator", "start"),
                "fl4j aggregator: serves the federation until its last round.");
        return 0;
    }
}
