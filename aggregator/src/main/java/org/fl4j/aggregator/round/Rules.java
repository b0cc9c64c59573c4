package org.fl4j.aggregator.round;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.TensorSpec;

/** What a result header must satisfy before a single chunk of it is accepted. */
final class Rules {

    private Rules() {
    }

    /** The first problem with this result of {@code spec}, or empty when it may be received. */
    static Optional<String> checkResult(TaskSpec spec, ResultHeader header, ModelWeights model) {
        if (header.sampleCount() < 1) {
            return Optional.of("sample_count must be at least 1 (it weighs the result), found " + header.sampleCount());
        }
        for (var m : header.metrics().entrySet()) {
            if (!Double.isFinite(m.getValue())) {
                return Optional.of("metric '" + m.getKey() + "' is " + m.getValue() + ": metrics must be finite");
            }
        }
        if (!spec.isTrain()) {
            return header.tensors().isEmpty() ? Optional.empty()
                    : Optional.of("task '" + spec.name() + "' (" + spec.function() + ") returns metrics only, found "
                            + header.tensors().size() + " tensors");
        }
        return checkLayout(header.tensors(), model);
    }

    /** Tensor names, shapes and order must be the model's. */
    static Optional<String> checkLayout(List<TensorSpec> specs, ModelWeights model) {
        List<Tensor> expected = model.tensors();
        for (int i = 0; i < Math.min(specs.size(), expected.size()); i++) {
            TensorSpec got = specs.get(i);
            Tensor want = expected.get(i);
            if (!got.sameLayout(want)) {
                return Optional.of("tensor " + i + " is '" + got.name() + "' " + Arrays.toString(got.shape())
                        + ", the model's is '" + want.name() + "' " + Arrays.toString(want.shape()));
            }
        }
        if (specs.size() != expected.size()) {
            return Optional.of("the result has " + specs.size() + " tensors, the model has " + expected.size());
        }
        return Optional.empty();
    }
}
