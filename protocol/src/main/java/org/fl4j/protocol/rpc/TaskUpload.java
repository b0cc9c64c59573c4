package org.fl4j.protocol.rpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.protocol.model.ModelWeights;

/** A task result as the collaborator sends it: header fields plus the tensors (empty for validation). */
public record TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics,
        ModelWeights tensors) {

    public TaskUpload {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tensors, "tensors");
    }

    /** A result without tensors (a validation task). */
    public static TaskUpload metricsOnly(long round, String task, long sampleCount, Map<String, Double> metrics) {
        return new TaskUpload(round, task, sampleCount, metrics, new ModelWeights(List.of()));
    }

    public ResultHeader header() {
        return new ResultHeader(round, task, sampleCount, metrics, TensorSpec.of(tensors));
    }
}
