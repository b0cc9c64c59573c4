package org.fl4j.cli;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * State of the global options for the command line being run: the workspace folder every command works
 * in ({@code --workspace}, default the current folder). Reset at the start of each {@link Fx#run}.
 */
final class CliContext {

    private static Path workspace;

    private CliContext() {
    }

    static void reset() {
        workspace = null;
        LogSetup.reset();
    }

    static void workspace(Path dir) {
        workspace = dir;
    }

    /** The workspace folder, absolute and normalised. */
    static Path workspace() {
        return (workspace != null ? workspace : Paths.get("")).toAbsolutePath().normalize();
    }
}
