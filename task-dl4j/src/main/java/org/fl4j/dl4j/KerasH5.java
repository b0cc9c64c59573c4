package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * What fl4j reads from a Keras {@code .h5} file before DL4J imports it. Keras 2's {@code model.save("model.h5")}
 * writes the root attributes {@code keras_version}, {@code backend}, {@code model_config} (the model's
 * configuration as JSON) and {@code training_config}, and a {@code model_weights} group with one group per
 * layer. Files of Keras 3, weights-only files ({@code model.save_weights}) and files without a model
 * configuration are refused with a message saying what to do.
 */
final class KerasH5 {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The root of a Keras {@code .h5} file: its model configuration, Keras version and backend, and whether a
     * {@code model_weights} group holds weights.
     */
    record Contents(JsonNode config, String kerasVersion, String backend, boolean hasWeights) {

        /** The model configuration with {@code keras_version} and {@code backend}, as a Keras JSON file has them. */
        String configJson() throws IOException {
            ObjectNode node = config.deepCopy();
            node.put("keras_version", kerasVersion);
            node.put("backend", backend);
            return JSON.writeValueAsString(node);
        }
    }

    private KerasH5() {
    }

    static Contents read(Path file) throws IOException {
        Hdf5Files.check(file);
        Hdf5Archive archive;
        try {
            archive = new Hdf5Archive(file.toString());
        } catch (RuntimeException e) {
            throw new ModelException(file + ": cannot be opened as an HDF5 file (" + KerasModels.message(e) + ")", e);
        }
        try {
            if (!archive.hasAttribute("model_config")) {
                throw new ModelException(file + (archive.hasAttribute("layer_names")
                        ? ": a Keras weights-only file (model.save_weights) without the model configuration: save"
                                + " the whole model with model.save(\"model.h5\")"
                        : ": an HDF5 file without the Keras model_config attribute (Keras writes it with"
                                + " model.save(\"model.h5\"))"));
            }
            String version = attribute(archive, "keras_version", "");
            if (version.startsWith("3")) {
                throw KerasModels.keras3(file, "a Keras " + version + " file");
            }
            String backend = attribute(archive, "backend", "tensorflow");
            JsonNode config = JSON.readTree(archive.readAttributeAsJson("model_config"));
            return new Contents(config, version, backend, archive.getGroups().contains("model_weights"));
        } catch (ModelException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelException(file + ": cannot read the Keras model_config attribute ("
                    + KerasModels.message(e) + ")", e);
        } finally {
            archive.close();
        }
    }

    private static String attribute(Hdf5Archive archive, String name, String absent) throws Exception {
        return archive.hasAttribute(name) ? archive.readAttributeAsString(name).strip() : absent;
    }
}
