package org.fl4j.protocol.rpc;

import java.util.Objects;
import java.util.OptionalLong;
import org.fl4j.protocol.codec.ErrorFeedback;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelWeights;

/**
 * How a sender encodes every tensor of a transfer: through {@code pipeline}; as differences to {@code base}
 * (the global model of {@code baseRound}, which the receiver holds) when {@code base} is not null; with the
 * residual of {@code feedback} added before encoding when it is not null.
 */
public record OutgoingEncoding(Pipeline pipeline, ModelWeights base, long baseRound, ErrorFeedback feedback) {

    public OutgoingEncoding {
        Objects.requireNonNull(pipeline, "pipeline");
    }

    /** Plain compression: no delta, no error feedback. */
    public static OutgoingEncoding of(Pipeline pipeline) {
        return new OutgoingEncoding(pipeline, null, 0, null);
    }

    OptionalLong deltaRound() {
        return base == null ? OptionalLong.empty() : OptionalLong.of(baseRound);
    }
}
