package org.fl4j.workspace.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SlurmJob} as a bash batch script: a comment saying what it runs, the {@code #SBATCH} options, then
 * the fx command with the workspace, so an administrator can read it, change a limit and submit it by hand.
 * Output goes to {@code logs/slurm-<job name>-<job id>.out} in the workspace ({@code <job id>_<task>} for a job
 * array, whose tasks pick their name from the script's {@code NAMES}).
 */
public final class SlurmScript {

    private SlurmScript() {
    }

    /** The script's text. */
    public static String render(SlurmJob job, String what) {
        Path ws = job.workspace();
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# " + what);
        lines.add("# Written by fx slurm for the workspace " + ws + ". Edit freely: the #SBATCH lines are sbatch");
        lines.add("# options (man sbatch); FX is the fx command line on the compute node, FX_HEAP its heap.");
        lines.add("#SBATCH --job-name=" + job.name());
        boolean array = !job.arrayNames().isEmpty();
        lines.add("#SBATCH --output=" + ws.resolve("logs") + (array ? "/slurm-%x-%A_%a.out" : "/slurm-%x-%j.out"));
        if (array) {
            lines.add("#SBATCH --array=0-" + (job.arrayNames().size() - 1));
        }
        lines.add("#SBATCH --nodes=1");
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --cpus-per-task=" + job.cpus());
        lines.add("#SBATCH --mem=" + job.memory());
        lines.add("#SBATCH --time=" + job.time());
        if (job.partition() != null) {
            lines.add("#SBATCH --partition=" + job.partition());
        }
        if (job.nodelist() != null) {
            lines.add("#SBATCH --nodelist=" + job.nodelist());
        }
        if (job.after() != null) {
            lines.add("#SBATCH --dependency=after:" + job.after());
        }
        lines.add("set -euo pipefail");
        lines.add("FX=${FX:-" + quote(job.fx()) + "}");
        lines.add("export FX_HEAP=${FX_HEAP:-" + job.heap() + "}");
        lines.add("# One thread per CPU SLURM gave the job (ND4J's native BLAS reads it).");
        lines.add("export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-" + job.cpus() + "}");
        lines.add("cd " + quote(ws.toString()));
        if (array) {
            lines.add("# One array task per name: task i runs as the i-th.");
            lines.add("NAMES=(" + String.join(" ", job.arrayNames().stream().map(SlurmScript::quote).toList()) + ")");
            lines.add("NAME=${NAMES[$SLURM_ARRAY_TASK_ID]}");
        }
        StringBuilder command = new StringBuilder("exec \"$FX\" --workspace ").append(quote(ws.toString()));
        for (String arg : job.args()) {
            command.append(' ').append(SlurmJob.ARRAY_NAME.equals(arg) ? "\"$NAME\"" : quote(arg));
        }
        lines.add(command.toString());
        return String.join("\n", lines) + "\n";
    }

    /** Writes the script (rwxr-xr-x), making its folder; an existing file is replaced only when asked. */
    public static Path write(SlurmJob job, String what, Path file, boolean replace) throws IOException {
        if (Files.exists(file) && !replace) {
            throw new java.nio.file.FileAlreadyExistsException(file + " (it may hold an administrator's edits;"
                    + " give --force to replace it)");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createDirectories(job.workspace().resolve("logs"));
        Files.writeString(file, render(job, what), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A bash word: as is when it is plain, else in single quotes. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./=:,@%+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
