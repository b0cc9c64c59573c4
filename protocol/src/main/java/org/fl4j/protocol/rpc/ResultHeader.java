package org.fl4j.protocol.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first part of a task result: which round and task, how many local samples are behind it (its weight
 * in every average), its metrics, and the tensors that follow as chunks (none for validation tasks).
 */
public record ResultHeader(long round, String task, long sampleCount, Map<String, Double> metrics,
        List<TensorSpec> tensors) {

    public ResultHeader {
        Objects.requireNonNull(task, "task");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        tensors = List.copyOf(tensors);
    }

    public long tensorBytes() {
        return TensorSpec.byteSize(tensors);
    }
}
