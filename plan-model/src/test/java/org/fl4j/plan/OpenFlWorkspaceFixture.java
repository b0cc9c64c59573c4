package org.fl4j.plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An OpenFL 1.6 workspace's plan folder for tests (a keras_cnn_mnist plan in OpenFL's format with OpenFL's
 * defaults files, cols.yaml for alpha and bravo, data.yaml), in the test-jar for other modules' tests.
 */
public final class OpenFlWorkspaceFixture {

    private static final List<String> FILES = List.of("plan/plan.yaml", "plan/cols.yaml", "plan/data.yaml",
            "plan/defaults/aggregator.yaml", "plan/defaults/collaborator.yaml", "plan/defaults/data_loader.yaml",
            "plan/defaults/task_runner.yaml", "plan/defaults/network.yaml", "plan/defaults/assigner.yaml",
            "plan/defaults/tasks_keras.yaml", "plan/defaults/compression_pipeline.yaml");

    private OpenFlWorkspaceFixture() {
    }

    /** Copies the fixture's files into {@code dir}. */
    public static void copyTo(Path dir) throws IOException {
        for (String f : FILES) {
            try (InputStream in = OpenFlWorkspaceFixture.class.getResourceAsStream("openfl_workspace/" + f)) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
    }
}
