package org.fl4j.workspace.slurm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One SLURM job running one {@code fx} command in a workspace.
 *
 * @param name the job name ({@code --job-name}), e.g. {@code fl4j-aggregator}
 * @param workspace the workspace the command runs in (absolute)
 * @param fx the fx command line's executable, as the compute node sees it
 * @param args the fx arguments after {@code --workspace DIR}
 * @param time the time limit ({@code --time}, e.g. {@code 01:00:00})
 * @param cpus CPUs for the one task ({@code --cpus-per-task})
 * @param memory memory for the job ({@code --mem}, e.g. {@code 4G})
 * @param heap the JVM heap fx gets ({@code FX_HEAP}, e.g. {@code 3g}), below {@code memory}
 * @param partition the partition, or null for the cluster's default
 * @param nodelist the node(s) to run on, or null for any
 * @param after a job id this job starts after (it has started: {@code --dependency=after:ID}), or null
 * @param arrayNames empty for one job; else a job array with one task per name, each running the command with
 *     {@link #ARRAY_NAME} in {@code args} replaced by its name (the worker collaborators of an intermediate
 *     aggregator, say)
 */
public record SlurmJob(String name, Path workspace, String fx, List<String> args, String time, int cpus,
        String memory, String heap, String partition, String nodelist, String after, List<String> arrayNames) {

    /** The argument a job array's task replaces by its name. */
    public static final String ARRAY_NAME = "${NAME}";

    private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d{1,2}(:\\d{2}){0,2}|\\d+");
    private static final Pattern SIZE = Pattern.compile("\\d+[KMGT]?", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,\\[\\]:-]+");

    /** Checks each setting, naming the option ({@code --time} ...) that is wrong and the value found. */
    public SlurmJob {
        Objects.requireNonNull(name, "name");
        workspace = workspace.toAbsolutePath().normalize();
        args = List.copyOf(args);
        check(WORD.matcher(name).matches(), "--job-name", name);
        check(!fx.isBlank() && fx.indexOf('\n') < 0, "--fx", fx);
        check(TIME.matcher(time).matches(), "--time", time + " (use MINUTES, HH:MM:SS or DAYS-HH:MM:SS)");
        check(cpus >= 1, "--cpus", cpus + " (must be >= 1)");
        check(SIZE.matcher(memory).matches(), "--mem", memory + " (use e.g. 4G or 4096M)");
        check(SIZE.matcher(heap).matches(), "--heap", heap + " (use e.g. 3g)");
        check(partition == null || WORD.matcher(partition).matches(), "--partition", partition);
        check(nodelist == null || WORD.matcher(nodelist).matches(), "--nodelist", nodelist);
        check(after == null || after.matches("\\d+"), "--after", after + " (a job id)");
        arrayNames = List.copyOf(arrayNames);
        for (String n : arrayNames) {
            check(WORD.matcher(n).matches(), "array task name", n);
        }
        check(arrayNames.isEmpty() == !args.contains(ARRAY_NAME), "array task name",
                arrayNames.isEmpty() ? ARRAY_NAME + " in a single job" : "none in the arguments " + args);
    }

    /** One job (no array). */
    public SlurmJob(String name, Path workspace, String fx, List<String> args, String time, int cpus,
            String memory, String heap, String partition, String nodelist, String after) {
        this(name, workspace, fx, args, time, cpus, memory, heap, partition, nodelist, after, List.of());
    }

    /** The same job as an array of one task per name. */
    public SlurmJob asArray(List<String> names) {
        return new SlurmJob(name, workspace, fx, args, time, cpus, memory, heap, partition, nodelist, after, names);
    }

    private static void check(boolean ok, String option, String found) {
        if (!ok) {
            throw new IllegalArgumentException(option + ": not a valid value, found '" + found + "'");
        }
    }

    /** The same job starting after job {@code jobId} has started. */
    public SlurmJob after(String jobId) {
        return new SlurmJob(name, workspace, fx, args, time, cpus, memory, heap, partition, nodelist, jobId,
                arrayNames);
    }
}
