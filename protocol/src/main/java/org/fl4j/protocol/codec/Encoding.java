package org.fl4j.protocol.codec;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How one tensor travels: through {@code pipeline}, in chunks of {@code chunkValues} values, as differences to
 * the global model of {@code baseRound} when present.
 */
public record Encoding(Pipeline pipeline, int chunkValues, OptionalLong baseRound) {

    public static final String DELTA = "delta";

    public Encoding {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(baseRound, "baseRound");
        if (chunkValues < 1) {
            throw new IllegalArgumentException("chunk values must be >= 1, found " + chunkValues);
        }
    }

    /** The wire's codec name: the pipeline's, after {@code delta+} for differences. */
    public String codecName() {
        return (baseRound.isPresent() ? DELTA + "+" : "") + pipeline.name();
    }

    /** Values in chunk {@code index} of a tensor of {@code n} values. */
    public int valuesIn(long index, long n) {
        return (int) Math.min(chunkValues, n - index * chunkValues);
    }
}
