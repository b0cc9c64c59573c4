package org.fl4j.dl4j.experiment;

import java.time.Duration;
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
 */
public record SimulationResult(ExperimentResult experiment, int sites, int threads, long parameterCount,
        long peakHeapBytes, Duration elapsed) {

    public SimulationResult {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
