package org.fl4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Commands of the host machine run by the root-only tests (apt-get, daemons, debootstrap, mount, ip): each
 * with a hard timeout, its output returned, and a failure that names the command line, exit code and output.
 */
final class HostCommands {

    private HostCommands() {
    }

    /** Runs the command; returns its output (stdout and stderr together) or fails naming the command. */
    static String run(Duration timeout, Map<String, String> env, String... command) {
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
            b.environment().putAll(env);
            Path out = Files.createTempFile("fl4j-command", ".out");
            try {
                Process p = b.redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + ":\n" + tail(out));
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue()
                            + ": " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String run(Duration timeout, String... command) {
        return run(timeout, Map.of(), command);
    }

    /** Installs the Debian packages with apt-get unless every one of {@code programs} is already there. */
    static void aptInstall(List<Path> programs, String... packages) {
        if (programs.stream().allMatch(Files::isExecutable)) {
            return;
        }
        String[] command = new String[packages.length + 4];
        System.arraycopy(new String[] {"apt-get", "install", "-y", "-q"}, 0, command, 0, 4);
        System.arraycopy(packages, 0, command, 4, packages.length);
        run(Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"), command);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
