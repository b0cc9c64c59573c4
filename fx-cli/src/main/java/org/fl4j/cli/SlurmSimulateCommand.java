package org.fl4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx slurm simulate --sites N}: a batch script running {@code fx simulate} on one node. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write a SLURM batch script that runs a simulation (fx simulate) on one node.",
            "--threads defaults to the job's --cpus. A simulation over several nodes needs a tree of aggregators,"
                + " which fl4j does not have yet."})
final class SlurmSimulateCommand implements Callable<Integer> {

    @Option(names = "--sites", required = true, paramLabel = "N", description = "Number of virtual sites.")
    int sites;

    @Option(names = "--threads", paramLabel = "N", description = "Pooled models (default: --cpus).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The simulation's folder (default: fx simulate's, simulation/<UTC time>).")
    String out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A plan override passed on to fx simulate.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Mixin
    SlurmOptions slurm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sites < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sites must be >= 1, found " + sites);
        }
        List<String> args = new ArrayList<>(List.of("simulate", "--sites", String.valueOf(sites), "--threads",
                String.valueOf(threads != null ? threads : slurm.cpus)));
        if (out != null) {
            args.addAll(List.of("--out", out));
        }
        overrides.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        slurm.writeAndSubmit(spec.commandLine(), "fl4j-simulate", args,
                "fl4j simulation: " + sites + " virtual sites in one process.");
        return 0;
    }
}
