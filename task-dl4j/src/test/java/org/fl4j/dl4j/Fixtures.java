package org.fl4j.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.plan.Settings;

/** Test fixtures: the templates' model files copied into a workspace, and small slices of the real digits. */
final class Fixtures {

    static final String KERAS_CNN = "org/fl4j/templates/keras_cnn_mnist/code/keras_cnn_mnist.json";
    static final String DL4J_MLP = "org/fl4j/templates/dl4j_mlp_mnist/code/dl4j_mlp_mnist.json";

    private Fixtures() {
    }

    /** Copies a template resource to {@code workspace/code/<file name>} and returns the relative path. */
    static String copy(String resource, Path workspace) throws IOException {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path target = Files.createDirectories(workspace.resolve("code")).resolve(name);
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return "code/" + name;
    }

    static Settings runnerSettings(String model) {
        return new Settings("task_runner.settings", Map.of("model", model));
    }

    /** The first {@code train} training and {@code valid} validation digits of the embedded MNIST. */
    static LocalData digits(int train, int valid) throws IOException {
        LocalData all = IdxDataSets.embeddedMnist();
        return new LocalData(first(all.train(), train), first(all.validation(), valid));
    }

    private static LabeledData first(LabeledData d, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return d.subset(idx, d.source() + " (first " + n + ")");
    }

    static ModelSpec kerasCnn(Path workspace, long seed) throws IOException {
        return Models.build(Models.Kind.KERAS, workspace, runnerSettings(copy(KERAS_CNN, workspace)), seed);
    }
}
