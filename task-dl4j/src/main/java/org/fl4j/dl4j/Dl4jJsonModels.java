package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.fl4j.plan.Settings;

/**
 * DL4J configurations saved as JSON ({@code MultiLayerConfiguration.toJson()} or
 * {@code ComputationGraphConfiguration.toJson()}). The configuration's own updater applies unless the plan
 * sets {@code optimizer} or {@code learning_rate}.
 */
final class Dl4jJsonModels {

    private Dl4jJsonModels() {
    }

    static ModelSpec load(Path file, Settings settings, long seed) throws IOException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelException(file + ": no such model file");
        }
        Object conf;
        try {
            conf = json.contains("\"vertices\"") ? ComputationGraphConfiguration.fromJson(json)
                    : MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new ModelException(file + ": not a DL4J network configuration: " + KerasModels.message(e), e);
        }
        return Models.fromConfiguration(conf, settings, seed, file.toString(), null);
    }
}
