package org.fl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.fl4j.workspace.slurm.Sbatch;
import org.fl4j.workspace.slurm.SlurmJob;
import org.fl4j.workspace.slurm.SlurmScript;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What every {@code fx slurm} verb asks of the cluster, where it writes the script, and whether it submits it. */
final class SlurmOptions {

    @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit (sbatch --time; default: 01:00:00).")
    String time = "01:00:00";

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs of the job (default: 2).")
    int cpus = 2;

    @Option(names = "--mem", paramLabel = "SIZE", description = "Memory of the job (sbatch --mem; default: 4G).")
    String memory = "4G";

    @Option(names = "--heap", paramLabel = "SIZE", description = "The JVM heap, below --mem (FX_HEAP; default: 2g).")
    String heap = "2g";

    @Option(names = "--partition", paramLabel = "NAME", description = "Partition (default: the cluster's).")
    String partition;

    @Option(names = "--nodelist", paramLabel = "NODES",
            description = "Node(s) to run on; the aggregator's must be the plan's network.settings.agg_addr.")
    String nodelist;

    @Option(names = "--after", paramLabel = "JOB_ID", description = "Start once this job has started.")
    String after;

    @Option(names = "--fx", paramLabel = "COMMAND",
            description = "The fx command line on the compute nodes (default: fx, found on their PATH).")
    String fx = "fx";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The script to write (default: slurm/<job name>.sbatch in the workspace).")
    Path output;

    @Option(names = "--force", description = "Replace an existing script.")
    boolean force;

    @Option(names = "--submit", description = "Submit the script with sbatch and print the job id.")
    boolean submit;

    @Option(names = "--sbatch", paramLabel = "COMMAND", description = "The sbatch command (default: sbatch).")
    String sbatch = "sbatch";

    /** Writes the job's script, submits it when asked, and says what it did on the command's output. */
    void writeAndSubmit(CommandLine cli, String name, List<String> args, String what)
            throws IOException, InterruptedException {
        writeAndSubmit(cli, name, args, List.of(), what);
    }

    /** As {@link #writeAndSubmit(CommandLine, String, List, String)}, a job array of one task per name when given. */
    void writeAndSubmit(CommandLine cli, String name, List<String> args, List<String> arrayNames, String what)
            throws IOException, InterruptedException {
        PrintWriter out = cli.getOut();
        Path ws = CliContext.workspace();
        PlanOptions.requireWorkspace(ws, null);
        SlurmJob job;
        try {
            job = new SlurmJob(name, ws, fx, args, time, cpus, memory, heap, partition, nodelist, after, arrayNames);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        Path file = SlurmScript.write(job, what, output != null ? ws.resolve(output)
                : ws.resolve("slurm").resolve(name + ".sbatch"), force);
        out.println("Wrote " + file);
        if (submit) {
            out.println("Submitted batch job " + new Sbatch(sbatch).submit(file));
        }
    }
}
