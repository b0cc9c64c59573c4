package org.fl4j.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fl4j.plan.OpenFlSettings;
import org.fl4j.plan.Plan;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.openfl.OpenFlIdentity;
import org.fl4j.protocol.openfl.OpenFlTask;

/**
 * What the aggregator needs to serve OpenFL's protocol beside its own: the uuids OpenFL's collaborators address
 * and the plan's tasks as OpenFL describes them. From a plan's {@code openfl} section ({@link #fromPlan}).
 */
public record OpenFlOptions(OpenFlIdentity identity, Map<String, OpenFlTask> tasks) {

    public OpenFlOptions {
        Objects.requireNonNull(identity, "identity");
        tasks = Map.copyOf(tasks);
    }

    /** The OpenFL side of a plan with an {@code openfl} section. */
    public static Optional<OpenFlOptions> fromPlan(Plan plan) {
        return plan.openfl().map(o -> of(o, plan.tasks()));
    }

    /** OpenFL's view of {@code tasks}: training tasks return the model, validations only metrics. */
    public static OpenFlOptions of(OpenFlSettings settings, Map<String, TaskSpec> tasks) {
        Map<String, OpenFlTask> out = new LinkedHashMap<>();
        tasks.forEach((name, t) -> out.put(name, new OpenFlTask(name, settings.functionOf(t),
                t.isTrain() ? "train" : "validate", t.apply().orElse(TaskSpec.Apply.GLOBAL) == TaskSpec.Apply.LOCAL)));
        return new OpenFlOptions(new OpenFlIdentity(settings.aggregatorUuid(), settings.federationUuid()), out);
    }
}
