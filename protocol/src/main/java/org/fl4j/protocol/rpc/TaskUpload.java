package org.fl4j.protocol.rpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.protocol.model.ModelWeights;

/**
 * A task result as the collaborator sends it: header fields plus the tensors (empty for validation), raw or
 * encoded as {@code encoding} says (null: raw).
 */
public record TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics,
        ModelWeights tensors, OutgoingEncoding encoding) {

    /** A raw result. */
    public TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics, ModelWeights tensors) {
        this(round, task, sampleCount, metrics, tensors, null);
    }

    /** This result, encoded as {@code how}. */
    public TaskUpload encoded(OutgoingEncoding how) {
        return new TaskUpload(round, task, sampleCount, metrics, tensors, how);
    }

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
        return header(WireLimits.DEFAULT.chunkBytes());
    }

    /** The header as it travels in chunks of at most {@code chunkBytes}. */
    ResultHeader header(int chunkBytes) {
        return new ResultHeader(round, task, sampleCount, metrics, encoding == null || tensors.tensorCount() == 0
                ? TensorSpec.of(tensors) : EncodedChunkSource.specs(tensors.tensors(), encoding, chunkBytes));
    }
}
