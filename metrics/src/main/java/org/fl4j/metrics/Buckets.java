package org.fl4j.metrics;

/** Histogram bucket bounds shared by fl4j's metrics. */
public final class Buckets {

    /** Upper bounds (seconds) of round, phase and task durations: 50 ms to 4 h. */
    public static final double[] SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
        7200, 14400};

    private Buckets() {
    }
}
