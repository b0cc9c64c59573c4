package org.fl4j.plan;

import java.util.Objects;

/**
 * One problem found in a plan: the file (relative to the workspace when inside it, or {@code --set} for an
 * override), the 1-based line and column (0 when unknown), the dotted path of the setting (may be empty)
 * and a message that names the setting and quotes what was found, for example
 * {@code aggregator.settings.rounds_to_train must be > 0, found -3}.
 */
public record PlanProblem(String file, int line, int column, String path, String message) {

    public PlanProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: message}, or {@code file: message} when the position is unknown. */
    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line + ":" + column : file) + ": " + message;
    }
}
