package org.fl4j.protocol.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first part of a task result: which round and task, how many local samples are behind it (its weight
 * in every average), its metrics, the tensors that follow as chunks (none for validation tasks), and from an
 * intermediate aggregator the results of the participants below it ({@code forwarded}, else empty).
 */
public record ResultHeader(long round, String task, long sampleCount, Map<String, Double> metrics,
        List<TensorSpec> tensors, List<ForwardedMetrics> forwarded) {

    public ResultHeader {
        Objects.requireNonNull(task, "task");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        tensors = List.copyOf(tensors);
        forwarded = List.copyOf(forwarded);
    }

    /** A site's header: nothing forwarded. */
    public ResultHeader(long round, String task, long sampleCount, Map<String, Double> metrics,
            List<TensorSpec> tensors) {
        this(round, task, sampleCount, metrics, tensors, List.of());
    }

    public long tensorBytes() {
        return TensorSpec.byteSize(tensors);
    }
}
