package org.fl4j.workspace.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Submits batch scripts with the cluster's {@code sbatch} ({@code --parsable}) and returns the job id. */
public final class Sbatch {

    private final String command;

    /** {@code command}: the sbatch executable (usually {@code sbatch}, found on the PATH). */
    public Sbatch(String command) {
        this.command = command;
    }

    /**
     * Submits {@code script}; returns the job id.
     *
     * @throws IOException naming sbatch and what it said, when it is missing, fails or prints no job id
     */
    public String submit(Path script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command, "--parsable", script.toString())).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException(command + " could not be run (" + e.getMessage() + "): is this a SLURM submit"
                    + " host? The script is " + script + "; submit it with sbatch where SLURM is", e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " " + script + " did not answer within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(command + " refused " + script + " (exit " + p.exitValue() + "): " + out);
        }
        String last = out.lines().reduce((a, b) -> b).orElse("");
        String id = last.split(";", 2)[0];
        if (!id.matches("\\d+")) {
            throw new IOException(command + " " + script + " printed no job id: " + out);
        }
        return id;
    }
}
