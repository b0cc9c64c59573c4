package org.fl4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx slurm collaborator -n NAME}: a batch script running {@code fx collaborator start -n NAME}. */
@Command(name = "collaborator", mixinStandardHelpOptions = true,
        description = {"Write a SLURM batch script that runs a collaborator (fx collaborator start -n NAME).",
            "The collaborator waits for the aggregator with backoff, so it may start first; --after JOB_ID starts"
                + " it once the aggregator's job has started."})
final class SlurmCollaboratorCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "The collaborator's name (its certificate CN).")
    String name;

    @Option(names = "--give-up-after", paramLabel = "SECONDS",
            description = "Stop when the aggregator stays unreachable this long (default: fx collaborator start's).")
    Long giveUpAfter;

    @Mixin
    SlurmOptions slurm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> args = giveUpAfter == null ? List.of("collaborator", "start", "-n", name)
                : List.of("collaborator", "start", "-n", name, "--give-up-after", giveUpAfter.toString());
        slurm.writeAndSubmit(spec.commandLine(), "fl4j-collaborator-" + name, args,
                "fl4j collaborator " + name + ": trains on its data until the aggregator ends the federation.");
        return 0;
    }
}
