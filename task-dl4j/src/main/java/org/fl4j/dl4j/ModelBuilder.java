package org.fl4j.dl4j;

import org.deeplearning4j.nn.api.Model;

/**
 * A model written in Java: the plan's {@code task_runner.settings.model_class} names a class implementing
 * this interface, with a public no-argument constructor, either on the class path or as source in the
 * workspace's {@code code/} folder (fl4j compiles it when the runner starts, so the code travels with the
 * workspace).
 */
public interface ModelBuilder {

    /**
     * Builds the network: a {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} or a single-input,
     * single-output {@link org.deeplearning4j.nn.graph.ComputationGraph}, initialised or not. Use the seed
     * for the configuration so that every run starts from the same weights.
     */
    Model build(long seed);

    /**
     * The shape of one input sample without the batch dimension (for images {@code [channels, height,
     * width]}), or {@code null} to infer it from the network and the data.
     */
    default int[] inputShape() {
        return null;
    }
}
