package org.fl4j.aggregator.round;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the heap's old generation can hold the model-sized arrays a round keeps, with room to spare. They live
 * for the whole federation, so they end up in the old generation (ParallelGC, the collector {@code fx} runs,
 * allocates those too large for the young one there at once), which takes two thirds of the heap by default
 * ({@code NewRatio=2}) and four fifths for {@code fx aggregator start} ({@code NewRatio=4}). Each young collection
 * also moves what survives it into the old generation; when the arrays leave too little room there for that,
 * ParallelGC follows young collections with full ones. Measured with 25M parameters (2 models of 95 MiB, disk
 * staging): {@code -Xmx300m} with {@code NewRatio=2} (a 200 MiB old generation, 5% beside the arrays) followed
 * nearly every round's young collection with a full one in a profiled run, 30-40 ms of pause each, and
 * collected for 2.0-3.2 s a 72-round run; with {@code NewRatio=4} (240 MiB) for 1.9 s. {@code -Xmx280m} with
 * {@code NewRatio=2} (187 MiB, too small for the arrays) spent 3-43 s of a 36-round run collecting, once running
 * out of memory. The aggregator warns at its first round, naming the two ways out.
 */
final class OldGeneration {

    /**
     * Room beyond the model arrays the old generation needs for everything else it holds (gRPC, metrics) and
     * what each round promotes, as a fraction of the arrays: 5% was too little (above), 17% enough.
     */
    static final double SLACK = 0.10;

    private OldGeneration() {
    }

    /** The most the old generation may hold, when the collector reports it. */
    static OptionalLong max() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old Gen") || name.contains("Tenured"))) {
                long max = pool.getUsage().getMax();
                return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * A warning when {@code models} arrays of {@code modelBytes}, plus {@link #SLACK}, do not fit in an old
     * generation of {@code oldMax} bytes within a heap of {@code heapMax}.
     */
    static Optional<String> warning(long models, long modelBytes, long oldMax, long heapMax) {
        long needed = models * modelBytes;
        if (needed + (long) (needed * SLACK) <= oldMax) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "The aggregator keeps %d model-sized arrays on the heap (%s),"
                + " which the collector allocates in the heap's old generation, but that can hold only %s of the %s"
                + " heap, too little to keep them and what each round adds: expect a full collection every round, or"
                + " the aggregator to run out of memory. Give it a larger heap (FX_HEAP) or a smaller young generation"
                + " (a larger -XX:NewRatio in FX_JAVA_OPTS; fx starts the aggregator with 4)", models,
                StagingChoice.size(needed), StagingChoice.size(oldMax), StagingChoice.size(heapMax)));
    }
}
