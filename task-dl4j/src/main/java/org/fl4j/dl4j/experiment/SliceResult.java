package org.fl4j.dl4j.experiment;

import java.time.Duration;
import java.util.Objects;

/**
 * What one slice of a simulation spread over several processes did: the root holds the models and the metrics
 * (the sites' with their origin {@code <node>/<site>}); the slice knows its share and its cost.
 *
 * @param node the intermediate aggregator the slice ran as
 * @param firstSite the number of its first virtual site
 * @param sites how many virtual sites it ran
 * @param totalSites the virtual sites of the whole simulation (the data is cut into that many shards)
 * @param threads pooled models
 * @param parameterCount the model's parameters
 * @param peakHeapBytes the largest heap use seen (sampled every 100 ms)
 * @param elapsed wall time from the slice's start to the parent's end
 * @param reason why the parent ended the federation
 */
public record SliceResult(String node, int firstSite, int sites, int totalSites, int threads, long parameterCount,
        long peakHeapBytes, Duration elapsed, String reason) {

    public SliceResult {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(reason, "reason");
    }
}
