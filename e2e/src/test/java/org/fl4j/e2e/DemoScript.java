package org.fl4j.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/federation-demo.sh} of the built tree as a child process, with a hard time limit. */
final class DemoScript {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /**
     * What the script printed, whether it finished in time, its exit code (-1 when it did not) and how long it
     * ran.
     */
    record Run(String output, boolean finished, int exitCode, Duration took) {
    }

    private DemoScript() {
    }

    static Run run(Path tmp, int timeoutMinutes, String... args) throws IOException, InterruptedException {
        return run(tmp, timeoutMinutes, Map.of(), args);
    }

    /** Runs the script with {@code env} added to its environment. */
    static Run run(Path tmp, int timeoutMinutes, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/federation-demo.sh").toString(),
                "--no-build"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("demo.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process p = builder.start();
        boolean finished = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), finished, finished ? p.exitValue() : -1, took);
    }
}
