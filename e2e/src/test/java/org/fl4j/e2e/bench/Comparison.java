package org.fl4j.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fl4j.e2e.bench.RuntimeBenchmark.ClientsRun;

/**
 * fl4j's cycles against one plain TLS baseline, measured before fl4j and again after it so that a host that
 * slows down or speeds up during the run weighs on both sides alike: best cycle, median of the warm halves,
 * CPU of both JVMs per warm cycle, and the JIT's share of it.
 */
final class Comparison {

    private Comparison() {
    }

    static void print(ClientsRun fl4j, PlainTls.Buffers buffers, ClientsRun before, ClientsRun after) {
        String tls = "plain TLS (" + buffers.label + ")";
        List<Long> all = new ArrayList<>(before.cycles());
        all.addAll(after.cycles());
        long best = fl4j.cycles().stream().mapToLong(Long::longValue).min().orElseThrow();
        long baseline = all.stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf(Locale.ROOT, "best cycle: fl4j %d ms, %s %d ms, ratio %.2f%n", best, tls, baseline,
                (double) best / baseline);
        long fl4jMedian = RuntimeBenchmark.warmMedian(fl4j.cycles());
        List<Long> warm = new ArrayList<>(RuntimeBenchmark.warmHalf(before.cycles()));
        warm.addAll(RuntimeBenchmark.warmHalf(after.cycles()));
        long tlsMedian = RuntimeBenchmark.median(warm);
        System.out.printf(Locale.ROOT, "median of the warm half of the cycles: fl4j %d ms, %s %d ms, ratio %.2f%n",
                fl4jMedian, tls, tlsMedian, (double) fl4jMedian / tlsMedian);
        long tlsCpu = (before.warmCpuPerCycle() + after.warmCpuPerCycle()) / 2;
        System.out.printf(Locale.ROOT, "CPU of both JVMs per cycle of the warm half: fl4j %d ms, %s %d ms"
                + " (before %d, after %d), ratio %.2f%n", fl4j.warmCpuPerCycle(), tls, tlsCpu,
                before.warmCpuPerCycle(), after.warmCpuPerCycle(), (double) fl4j.warmCpuPerCycle() / tlsCpu);
        System.out.printf(Locale.ROOT, "JIT compilation of both JVMs per cycle of the warm half: fl4j %d ms, %s"
                + " %d ms (before %d, after %d); more than a few percent of the CPU above means the JIT was still"
                + " warming up: run more rounds%n", fl4j.warmJitPerCycle(), tls,
                (before.warmJitPerCycle() + after.warmJitPerCycle()) / 2, before.warmJitPerCycle(),
                after.warmJitPerCycle());
    }
}
