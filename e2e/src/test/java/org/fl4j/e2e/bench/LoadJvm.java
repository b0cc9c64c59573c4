package org.fl4j.e2e.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.pki.TestPki;

/**
 * Runs {@link ManyCollaboratorsLoad} in a JVM of its own (the many-collaborators benchmark's load JVM: the
 * collaborators' collector {@code bench.gc}, heap {@code bench.loadXmx}, 2g by default) and reads what it reports.
 */
final class LoadJvm {

    /**
     * What the load JVM reported: each round's nanoseconds (round 0 with the connections' set-up), the bytes its
     * collaborators moved, its failed calls and its CPU milliseconds.
     */
    record Run(List<Long> roundNanos, long bytes, List<String> failures, long cpuMillis) {
    }

    private static final String LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

    private LoadJvm() {
    }

    /**
     * Starts the load JVM in {@code mode} ({@code fl4j} or {@code tls}) against {@code port}, waits for it, and
     * runs {@code whenDone} in this JVM when it has finished its rounds but not yet closed its connections.
     */
    static Run run(String mode, int port, TestPki pki, int n, int params, int rounds, int active, String federation,
            Runnable whenDone) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "--add-modules=jdk.incubator.vector",
                System.getProperty("bench.gc", "-XX:+UseParallelGC"),
                "-Xmx" + System.getProperty("bench.loadXmx", "2g"),
                "-D" + LEAK_DETECTION + "=" + System.getProperty(LEAK_DETECTION, "disabled")));
        command.addAll(Profile.jvmOptions("load-" + mode));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ManyCollaboratorsLoad.class.getName(),
                mode, TestPki.AGGREGATOR, Integer.toString(port), pki.workspace().toString(), Integer.toString(n),
                Integer.toString(params), Integer.toString(rounds), Integer.toString(active), federation));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Long> roundNanos = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long bytes = 0;
        long cpu = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = p.getOutputStream()) {
            for (String line; (line = r.readLine()) != null;) {
                output.append(line).append('\n');
                String[] f = line.split(" ", 2);
                switch (f[0]) {
                    case "round" -> roundNanos.add(Long.parseLong(f[1].split(" ")[1]));
                    case "bytes" -> bytes = Long.parseLong(f[1]);
                    case "failure" -> failures.add(f[1]);
                    case "cpu" -> cpu = Long.parseLong(f[1]);
                    case "done" -> {
                        whenDone.run();
                        in.write('\n');
                        in.flush();
                    }
                    default -> { }
                }
            }
        }
        if (p.waitFor() != 0 || roundNanos.size() != rounds) {
            throw new IllegalStateException("the load JVM (" + mode + ") failed:\n" + output);
        }
        return new Run(roundNanos, bytes, failures, cpu);
    }
}
