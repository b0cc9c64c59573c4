package org.fl4j.aggregator.round;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the heap's old generation can hold the model-sized arrays a round keeps. Such an array is too large
 * for the young generation, so ParallelGC (the collector {@code fx} runs) and Serial allocate it straight in
 * the old one, which by default may take only two thirds of the heap ({@code NewRatio=2}). An aggregator given
 * a heap just under 3x the model can then not keep the global model and the new one (2x) without the
 * collector running without pause, or running out of memory, although the live heap is well below the maximum:
 * measured with 25M parameters, {@code -Xmx280m} (2.9x; a 187 MiB old generation for 191 MiB of models) spent
 * 3-43 s of a 36-round run collecting, once running out of memory, where {@code -Xmx300m} (200 MiB) spent
 * 1.3-3.5 s and {@code -Xmx280m -XX:NewRatio=4} (224 MiB) 2.1 s. The aggregator warns at its first round,
 * naming the two ways out.
 */
final class OldGeneration {

    /**
     * Room beyond the model arrays for everything else the old generation holds (gRPC, metrics, tiles): small,
     * because 2 models of 25M parameters ran well in the 200 MiB old generation of a 300 MiB heap (5% to spare).
     */
    static final double SLACK = 0.02;

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
                + " heap: expect the collector to run without pause or the aggregator to run out of memory. Give it a"
                + " larger heap (FX_HEAP) or a smaller young generation (FX_JAVA_OPTS=-XX:NewRatio=4)", models,
                StagingChoice.size(needed), StagingChoice.size(oldMax), StagingChoice.size(heapMax)));
    }
}
