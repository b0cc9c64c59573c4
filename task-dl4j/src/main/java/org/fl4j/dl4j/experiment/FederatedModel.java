package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.fl4j.dl4j.ModelBuilder;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.dl4j.Models;
import org.fl4j.plan.Settings;

/**
 * The model of an in-process experiment: the one the plan's {@code task_runner} names ({@link #fromPlan()}),
 * or one given in code, a {@link ModelBuilder} ({@link #of}). Each collaborator builds its own copy.
 */
public final class FederatedModel {

    private final ModelBuilder builder;
    private final String name;

    private FederatedModel(ModelBuilder builder, String name) {
        this.builder = builder;
        this.name = name;
    }

    /** The model the plan's task runner defines (a Keras file, a DL4J JSON file or a Java class). */
    public static FederatedModel fromPlan() {
        return new FederatedModel(null, null);
    }

    /** A model written in Java; {@code name} appears in messages and in the model files' provenance. */
    public static FederatedModel of(String name, ModelBuilder builder) {
        return new FederatedModel(Objects.requireNonNull(builder, "builder"), Objects.requireNonNull(name, "name"));
    }

    boolean fromPlanDefinition() {
        return builder == null;
    }

    String name(String planTemplate) {
        return builder == null ? planTemplate : name;
    }

    ModelSpec build(Path workspace, String template, Settings settings, long seed) throws IOException {
        if (builder == null) {
            return Models.build(Models.Kind.ofTemplate(template), workspace, settings, seed);
        }
        return Models.fromBuilder(builder, name, settings, seed);
    }
}
