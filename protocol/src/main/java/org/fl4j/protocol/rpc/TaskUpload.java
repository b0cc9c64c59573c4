package org.fl4j.protocol.rpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.protocol.model.ModelWeights;

/**
 * A task result as the collaborator sends it: header fields plus the tensors (empty for validation), and the
 * specs that announce them: raw float32 unless a codec packed the tensors' 4-byte words (a masked input of
 * secure aggregation carries int32 words in its float array, bit for bit).
 */
public record TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics,
        ModelWeights tensors, List<TensorSpec> specs) {

    public TaskUpload {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tensors, "tensors");
        specs = List.copyOf(specs);
        if (specs.size() != tensors.tensorCount()) {
            throw new IllegalArgumentException(specs.size() + " specs for " + tensors.tensorCount() + " tensors");
        }
        for (int i = 0; i < specs.size(); i++) {
            var t = tensors.tensors().get(i);
            if (!specs.get(i).name().equals(t.name()) || specs.get(i).elementCount() != t.size()) {
                throw new IllegalArgumentException("spec " + specs.get(i) + " does not describe tensor " + t.name());
            }
        }
    }

    /** A result of raw float32 tensors. */
    public TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics, ModelWeights tensors) {
        this(round, task, sampleCount, metrics, tensors, TensorSpec.of(tensors));
    }

    /** A result without tensors (a validation task). */
    public static TaskUpload metricsOnly(long round, String task, long sampleCount, Map<String, Double> metrics) {
        return new TaskUpload(round, task, sampleCount, metrics, new ModelWeights(List.of()));
    }

    public ResultHeader header() {
        return new ResultHeader(round, task, sampleCount, metrics, specs);
    }
}
