package org.fl4j.aggregation.strategy;

import org.fl4j.aggregation.ModelLayout;

/**
 * The double accumulator of a streaming weighted mean, kept from round to round by the strategy that owns it:
 * a federation allocates it once instead of every round (for 25 million parameters, 200 MB that the JVM
 * would zero, and its collector reclaim, each round). Its old values need no clearing, since a mean's first
 * update is written into it, not added ({@code scaleInto}). Keeps one idle accumulator, of the layout last
 * given back. Thread-safe.
 */
final class Accumulators {

    private ModelLayout idleLayout;
    private double[][] idle;

    /** An accumulator shaped like {@code layout}, holding stale values: the idle one if it fits, else new. */
    synchronized double[][] take(ModelLayout layout) {
        if (idle != null && layout.equals(idleLayout)) {
            double[][] acc = idle;
            idle = null;
            return acc;
        }
        double[][] acc = new double[layout.tensorCount()][];
        for (int t = 0; t < acc.length; t++) {
            acc[t] = new double[layout.tensor(t).size()];
        }
        return acc;
    }

    /** Keeps {@code acc} (shaped like {@code layout}) for the next round, in place of any idle one. */
    synchronized void give(ModelLayout layout, double[][] acc) {
        idleLayout = layout;
        idle = acc;
    }
}
