package org.fl4j.plan;

import java.util.Objects;

/**
 * A pluggable part named by its template and configured by free-form settings: the data loader, the task
 * runner, the compression pipeline and a task's aggregation type. The runtime matches {@code template}
 * against what it has (for example {@code TaskRunnerFactory.template()}), so the plan keeps it a string.
 */
public record Component(String template, Settings settings) {

    public Component {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(settings, "settings");
    }
}
