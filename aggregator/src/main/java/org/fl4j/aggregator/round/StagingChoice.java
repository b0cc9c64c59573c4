package org.fl4j.aggregator.round;

import java.util.Locale;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.plan.UpdateStaging;

/**
 * Where updates are staged this run: what the plan says, or for {@code update_staging: auto} memory when
 * staging them there fits comfortably in the heap, and disk otherwise.
 *
 * <p>Staged in memory, a round holds the global model, the strategy's state (FedAvg: a double accumulator,
 * two models' worth) and one model-sized buffer per upload received at once; a strategy that combines whole
 * updates at the end of the round (Median, TrimmedMean) holds one buffer per collaborator instead. "Fits
 * comfortably" is at most half the maximum heap: the rest is for gRPC's buffers, the previous round's model
 * while it is still being served and saved, and the collector's room to work. Strategies that are not
 * coordinate-wise cannot be staged on disk and always stay in memory.
 *
 * @param staging MEMORY or DISK
 * @param reason  what the log line says about the choice
 * @param models  how many model-sized arrays the heap holds at once with this choice (on disk: the global
 *                model and the new one)
 */
record StagingChoice(UpdateStaging staging, String reason, long models) {

    /** Model-sized arrays on the heap when updates are staged on disk: the global model and the new one. */
    static final long ON_DISK = 2;

    /** The share of the maximum heap that memory staging may take under {@code auto}. */
    static final double HEAP_SHARE = 0.5;

    static StagingChoice of(UpdateStaging configured, AggregationStrategy strategy, long modelBytes,
            int concurrentUploads, int collaborators, long maxHeapBytes) {
        long models = 1 + (strategy.streaming() ? 2 + concurrentUploads : collaborators + concurrentUploads);
        if (configured != UpdateStaging.AUTO) {
            return new StagingChoice(configured, "update_staging: " + configured.planName(),
                    configured == UpdateStaging.DISK ? ON_DISK : models);
        }
        long needed = models * modelBytes;
        String estimate = String.format(Locale.ROOT, "in memory they need about %d models, %s, of a %s heap",
                models, size(needed), size(maxHeapBytes));
        if (!strategy.coordinateWise()) {
            return new StagingChoice(UpdateStaging.MEMORY, "update_staging: auto; " + strategy.name()
                    + " can only combine updates held in memory; " + estimate, models);
        }
        if (needed <= (long) (maxHeapBytes * HEAP_SHARE)) {
            return new StagingChoice(UpdateStaging.MEMORY, "update_staging: auto; " + estimate, models);
        }
        return new StagingChoice(UpdateStaging.DISK, "update_staging: auto; " + estimate
                + ", more than half of it", ON_DISK);
    }

    /** A size in whole MiB, or in KiB below one MiB (a small model's staging is not "0 MiB"). */
    static String size(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d KiB", (bytes + 1023) >> 10)
                : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
