package org.fl4j.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented runtime benchmark, shrunk to a small model and a few rounds, so that it keeps running: both
 * plain TLS baselines and the federation in their own child JVMs, the comparison against each, and the heap.
 * It asserts the report is complete, not any figure: figures on a shared 2-core machine are for
 * docs/benchmarks.md.
 */
class RuntimeBenchmarkIT {

    private static final Map<String, String> SMALL = Map.of("bench.params", "60000", "bench.collaborators", "2",
            "bench.rounds", "4", "bench.gc", "-XX:+UseParallelGC");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void reportsFl4jAgainstBothPlainTlsBaselinesAndTheHeap() throws Exception {
        String report = run();
        for (String baseline : new String[] {"1 MiB buffers", "model-sized arrays"}) {
            assertTrue(Pattern.compile("plain TLS 1\\.3 sockets, " + baseline
                    + ", before fl4j, per cycle \\(ms\\): \\[\\d+(, \\d+)+\\]").matcher(report).find(), report);
            assertTrue(report.contains("plain TLS 1.3 sockets, " + baseline + ", after fl4j"), report);
            assertTrue(Pattern.compile("median of the warm half of the cycles: fl4j \\d+ ms, plain TLS \\(" + baseline
                    + "\\) \\d+ ms, ratio \\d+\\.\\d\\d").matcher(report).find(), report);
            assertTrue(Pattern.compile("CPU of both JVMs per cycle of the warm half: fl4j \\d+ ms, plain TLS \\("
                    + baseline + "\\) \\d+ ms").matcher(report).find(), report);
        }
        assertTrue(Pattern.compile("fl4j \\(upload, FedAvg, save, serve\\), per cycle \\(ms\\): \\[\\d+(, \\d+)+\\]")
                .matcher(report).find(), report);
        assertTrue(Pattern.compile("aggregator live heap \\(sampled .*\\): largest \\d+ MiB").matcher(report).find(),
                report);
    }

    /** Runs the benchmark in this JVM with {@link #SMALL}'s settings; returns what it printed, also echoed. */
    private static String run() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SMALL.forEach(System::setProperty);
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            RuntimeBenchmark.main(new String[0]);
        } finally {
            System.setOut(console);
            SMALL.keySet().forEach(System::clearProperty);
            console.print(printed.toString(StandardCharsets.UTF_8));
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
