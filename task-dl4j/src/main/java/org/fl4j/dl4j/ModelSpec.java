package org.fl4j.dl4j;

import java.util.Objects;

/**
 * A built, initialised network with what is known about its input: {@code inputShape} is the shape of one
 * sample without the batch dimension ({@code [channels, height, width]} for convolutional networks), with
 * {@code -1} for sizes the definition leaves open, or {@code null} when nothing is known. {@code source}
 * names the definition (a file or class) for messages and provenance.
 */
public record ModelSpec(Network network, int[] inputShape, String source) {

    public ModelSpec {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(source, "source");
        inputShape = inputShape == null ? null : inputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }
}
