package org.fl4j.collaborator.spi;

import java.nio.file.Path;
import java.util.Objects;
import org.fl4j.plan.Settings;

/**
 * Everything a runner needs to build its model and load its data: the workspace folder (model
 * definitions live under it), the collaborator's name and data path from {@code plan/data.yaml}, the
 * plan's {@code task_runner} and {@code data_loader} settings, the plan's seed and the number of native
 * threads the site allows this process.
 */
public record RunnerContext(
        Path workspace,
        String collaborator,
        String dataPath,
        Settings taskRunnerSettings,
        Settings dataLoaderSettings,
        long seed,
        int threads) {

    public RunnerContext {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(collaborator, "collaborator");
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(taskRunnerSettings, "taskRunnerSettings");
        Objects.requireNonNull(dataLoaderSettings, "dataLoaderSettings");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
    }
}
