package org.fl4j.plan;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the round-0 model of a plan; found with {@link java.util.ServiceLoader} by
 * {@code fx plan initialize}. An implementation serves the plans whose {@code task_runner.template} equals
 * {@link #template()}, and writes the initial weights to
 * {@code workspace.resolve(plan.aggregator().initStatePath())} from the model definition alone (no data).
 * Register it in {@code META-INF/services/org.fl4j.plan.ModelInitializer}.
 */
public interface ModelInitializer {

    /** The {@code task_runner.template} this initializer serves, e.g. {@code fl4j.dl4j.KerasRunner}. */
    String template();

    /** Writes the round-0 model file of {@code plan} (seeded with {@code plan.aggregator().seed()}). */
    void initialize(Path workspace, Plan plan) throws IOException;
}
