package org.fl4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code fx} command running as a child JVM on this test's class path (the built CLI and everything it
 * depends on), from its own workspace folder, its output in a log file. Hard timeouts everywhere; closing
 * kills it (and anything it started).
 */
final class FxProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private FxProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static FxProcess start(String name, Path workspace, Path logDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.fl4j.cli.Fx", "--workspace", workspace.toString()));
        command.addAll(List.of(args));
        return launch(name, command, workspace, logDir);
    }

    /** Any command line standing for an fx process (e.g. fx run from an image under chroot), from {@code dir}. */
    static FxProcess launch(String name, List<String> command, Path dir, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new FxProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output contains {@code text}; fails (with the output) after {@code timeout}. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!output().contains(text)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(name + " did not print '" + text + "' within " + timeout + ":\n" + output());
            }
            if (!process.isAlive() && !output().contains(text)) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") without printing '" + text
                        + "':\n" + output());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the exit code; fails (with the output) after {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, like a crash or a pulled plug. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
