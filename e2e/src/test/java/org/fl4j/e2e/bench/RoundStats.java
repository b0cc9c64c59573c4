package org.fl4j.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Round times of one or more runs of the many-collaborators benchmark: round 0 (which includes the connections'
 * set-up and handshakes) apart, and the later rounds pooled, with their p50 and p99 by nearest rank (with fewer
 * than 100 rounds p99 is the slowest round).
 *
 * @param round0Ms round 0 in milliseconds, the mean over the runs
 * @param laterMs every later round of every run, in milliseconds, in run order
 */
record RoundStats(double round0Ms, List<Double> laterMs) {

    RoundStats {
        if (laterMs.isEmpty()) {
            throw new IllegalArgumentException("no round after round 0 to take percentiles of");
        }
        laterMs = List.copyOf(laterMs);
    }

    /** The statistics of {@code runs}, each a list of round nanoseconds starting with round 0. */
    @SafeVarargs
    static RoundStats of(List<Long>... runs) {
        double round0 = 0;
        List<Double> later = new ArrayList<>();
        for (List<Long> run : runs) {
            round0 += run.get(0) / 1e6 / runs.length;
            run.subList(1, run.size()).forEach(ns -> later.add(ns / 1e6));
        }
        return new RoundStats(round0, later);
    }

    double p50() {
        return percentile(0.50);
    }

    double p99() {
        return percentile(0.99);
    }

    /** The nearest-rank percentile {@code q} (0 to 1) of the later rounds. */
    double percentile(double q) {
        List<Double> sorted = new ArrayList<>(laterMs);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}), or "unknown". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
