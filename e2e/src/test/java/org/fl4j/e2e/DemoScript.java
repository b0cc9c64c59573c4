package org.fl4j.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/federation-demo.sh} of the built tree as a child process, with a hard time limit. */
final class DemoScript {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** What the script printed, whether it finished in time, and its exit code (-1 when it did not). */
    record Run(String output, boolean finished, int exitCode) {
    }

    private DemoScript() {
    }

    static Run run(Path tmp, int timeoutMinutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/federation-demo.sh").toString(),
                "--no-build"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("demo.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), finished, finished ? p.exitValue() : -1);
    }
}
