package org.fl4j.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The files a plan is read from: the workspace folder, and the plan, cols and data files (relative paths
 * are resolved against the workspace). {@link #of(Path)} picks the workspace's current plan: the one named
 * in {@code plan/.current} (written by {@code fx plan switch} and {@code fx plan freeze}), else
 * {@code plan/plan.yaml}.
 */
public record PlanFiles(Path workspace, Path plan, Path cols, Path data) {

    public static final String PLAN_DIR = "plan";
    public static final String DEFAULT_PLAN = "plan/plan.yaml";
    public static final String COLS = "plan/cols.yaml";
    public static final String DATA = "plan/data.yaml";
    /** Names the current plan file of the workspace's plan folder (one line, a file name). */
    public static final String CURRENT_POINTER = "plan/.current";

    public PlanFiles {
        workspace = workspace.toAbsolutePath().normalize();
        plan = workspace.resolve(Objects.requireNonNull(plan, "plan")).normalize();
        cols = workspace.resolve(Objects.requireNonNull(cols, "cols")).normalize();
        data = workspace.resolve(Objects.requireNonNull(data, "data")).normalize();
    }

    /** The workspace's current plan with its cols.yaml and data.yaml. */
    public static PlanFiles of(Path workspace) {
        return new PlanFiles(workspace, currentPlan(workspace), Path.of(COLS), Path.of(DATA));
    }

    /** Like {@link #of(Path)} with each null argument taking its default. */
    public static PlanFiles of(Path workspace, Path plan, Path cols, Path data) {
        PlanFiles d = of(workspace);
        return new PlanFiles(workspace, plan != null ? plan : d.plan(), cols != null ? cols : d.cols(),
                data != null ? data : d.data());
    }

    /**
     * The current plan file: the workspace-relative path in {@code plan/.current} when it names a
     * {@code .yaml} file inside {@code plan/}, else {@code plan/plan.yaml}.
     */
    public static Path currentPlan(Path workspace) {
        Path pointer = workspace.resolve(CURRENT_POINTER);
        if (Files.isRegularFile(pointer)) {
            try {
                String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
                Path file = workspace.resolve(name).normalize();
                if (!name.isEmpty() && !Path.of(name).isAbsolute() && file.startsWith(workspace.resolve(PLAN_DIR))
                        && name.endsWith(".yaml")) {
                    return file;
                }
            } catch (IOException | java.nio.file.InvalidPathException e) {
                // An unreadable pointer falls back to the default plan, as if there were none.
                return workspace.resolve(DEFAULT_PLAN);
            }
        }
        return workspace.resolve(DEFAULT_PLAN);
    }

    /** How a file is named in messages: relative to the workspace when inside it. */
    String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(workspace) ? workspace.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
