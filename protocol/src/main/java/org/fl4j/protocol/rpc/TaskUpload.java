package org.fl4j.protocol.rpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * A task result as the collaborator sends it: header fields plus the tensors (empty for validation), raw or
 * encoded as {@code encoding} says (null: raw), or the single masked input of secure aggregation
 * ({@code maskedInput}: its codec metadata; the tensor's float array carries int32 words bit for bit).
 */
public record TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics,
        ModelWeights tensors, OutgoingEncoding encoding, byte[] maskedInput, List<ForwardedMetrics> forwarded) {

    /** A raw result. */
    public TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics, ModelWeights tensors) {
        this(round, task, sampleCount, metrics, tensors, null, null, List.of());
    }

    /** A result without forwarded metrics. */
    public TaskUpload(long round, String task, long sampleCount, Map<String, Double> metrics, ModelWeights tensors,
            OutgoingEncoding encoding, byte[] maskedInput) {
        this(round, task, sampleCount, metrics, tensors, encoding, maskedInput, List.of());
    }

    /** This result carrying the results of the participants below an intermediate aggregator. */
    public TaskUpload withForwarded(List<ForwardedMetrics> below) {
        return new TaskUpload(round, task, sampleCount, metrics, tensors, encoding, maskedInput, below);
    }

    /** A secure-aggregation masked input: {@code words} as int32 bits, {@code metadata} its SecAggMaskedInputSpec. */
    public static TaskUpload maskedInput(long round, String task, Map<String, Double> metrics, Tensor words,
            byte[] metadata) {
        return new TaskUpload(round, task, 1, metrics, new ModelWeights(List.of(words)), null,
                Objects.requireNonNull(metadata, "metadata"));
    }

    /** This result, encoded as {@code how}. */
    public TaskUpload encoded(OutgoingEncoding how) {
        if (maskedInput != null) {
            throw new IllegalStateException("a masked input travels raw, not through a codec pipeline");
        }
        return new TaskUpload(round, task, sampleCount, metrics, tensors, how, null, forwarded);
    }

    public TaskUpload {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tensors, "tensors");
        if (maskedInput != null && (encoding != null || tensors.tensorCount() != 1)) {
            throw new IllegalArgumentException("a masked input is one raw tensor, found " + tensors.tensorCount()
                    + (encoding == null ? "" : " encoded"));
        }
        maskedInput = maskedInput == null ? null : maskedInput.clone();
        forwarded = List.copyOf(forwarded);
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
        if (maskedInput != null) {
            Tensor t = tensors.tensors().get(0);
            return new ResultHeader(round, task, sampleCount, metrics,
                    List.of(TensorSpec.maskedInput(t.name(), t.shape(), maskedInput)), forwarded);
        }
        return new ResultHeader(round, task, sampleCount, metrics, encoding == null || tensors.tensorCount() == 0
                ? TensorSpec.of(tensors) : EncodedChunkSource.specs(tensors.tensors(), encoding, chunkBytes),
                forwarded);
    }
}
