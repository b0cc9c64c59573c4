package org.fl4j.aggregation.strategy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.fl4j.aggregation.ModelLayout;

/**
 * The double accumulators of streaming weighted means, kept from round to round by the strategy that owns
 * them: a federation allocates one once instead of every round (for 25 million parameters, 200 MB that the
 * JVM would zero, and its collector reclaim, each round). Their old values need no clearing, since a mean's
 * first update is written into it, not added ({@code scaleInto}). Keeps a few idle accumulators, the ones
 * given back last: one per thread folding tiles at once when updates are staged on disk, one for the whole
 * model otherwise. Thread-safe.
 */
final class Accumulators {

    /** Idle accumulators kept at most. */
    static final int RETAIN = 4;

    private record Idle(ModelLayout layout, double[][] acc) {
    }

    private final Deque<Idle> idle = new ArrayDeque<>();

    /** An accumulator shaped like {@code layout}, holding stale values: an idle one if one fits, else new. */
    double[][] take(ModelLayout layout) {
        synchronized (this) {
            for (Iterator<Idle> it = idle.iterator(); it.hasNext();) {
                Idle i = it.next();
                if (i.layout().equals(layout)) {
                    it.remove();
                    return i.acc();
                }
            }
        }
        double[][] acc = new double[layout.tensorCount()][];
        for (int t = 0; t < acc.length; t++) {
            acc[t] = new double[layout.tensor(t).size()];
        }
        return acc;
    }

    /** Keeps {@code acc} (shaped like {@code layout}) for later, in place of the idle one given back first. */
    synchronized void give(ModelLayout layout, double[][] acc) {
        idle.push(new Idle(layout, acc));
        if (idle.size() > RETAIN) {
            idle.removeLast();
        }
    }
}
