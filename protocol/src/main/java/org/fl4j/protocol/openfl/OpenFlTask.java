package org.fl4j.protocol.openfl;

import java.util.Objects;

/**
 * A task as OpenFL's {@code GetTasks} answer describes it: its name, the task runner function that runs it,
 * its type ({@code train} or {@code validate}) and, for validation, whether it applies to the locally trained
 * model rather than the aggregated one. Training tasks return the model's tensors; the others only metrics.
 */
public record OpenFlTask(String name, String functionName, String taskType, boolean applyLocal) {

    public OpenFlTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(taskType, "taskType");
    }

    public boolean returnsModel() {
        return "train".equals(taskType);
    }
}
