package org.fl4j.dl4j.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a simulation produced and what it cost.
 *
 * @param experiment the models and metrics history, as an {@link Experiment} returns them
 * @param sites the number of virtual sites
 * @param threads the number of pooled models (sites training at once)
 * @param parameterCount the model's parameter count
 * @param peakHeapBytes the largest heap use seen while the federation ran (sampled every 100 ms)
 * @param elapsed the federation's wall time, from the aggregator's start to its end
 * @param lastModelAccuracy the accuracy of the global model after the last round on every validation record of
 *     the data set (the union of the sites' validation shards); the metrics log's aggregated validations score
 *     only the models that entered a round, and under client sampling only on the sampled sites
 * @param validationRecords how many records that accuracy is over
 * @param traffic each round's tensor bytes down and up, every site's added (what the wire carried, after the
 *     plan's compression stages; what each collaborator process logs as {@code Round N traffic})
 */
public record SimulationResult(ExperimentResult experiment, int sites, int threads, long parameterCount,
        long peakHeapBytes, Duration elapsed, double lastModelAccuracy, long validationRecords,
        List<RoundTraffic> traffic) {

    /** One round's tensor bytes, every site's added. */
    public record RoundTraffic(long round, long downloaded, long uploaded) {
    }

    public SimulationResult {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(elapsed, "elapsed");
        traffic = List.copyOf(traffic);
    }
}
