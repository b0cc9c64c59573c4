package org.fl4j.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.config.KerasModelConfiguration;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.plan.Settings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Keras 2 models imported with DL4J's Keras import: a JSON model configuration from {@code model.to_json()},
 * or an HDF5 file from {@code model.save("model.h5")} (read by {@link KerasH5}). An {@code .h5} file's weights
 * become the network's weights, so that a pretrained model is the plan's round-0 model; an {@code .h5} file
 * without a {@code model_weights} group and a JSON configuration are initialised from the plan's seed. The
 * plan's {@code optimizer}, {@code learning_rate} and {@code loss} apply (the file's training configuration
 * is not used). Convolutional sequential models are switched to DL4J's NCHW layout (the fast oneDNN path)
 * with their imported weights permuted to match.
 */
final class KerasModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasModels() {
    }

    static ModelSpec load(Path file, Settings settings, long seed) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".keras") || isZip(file)) {
            throw keras3(file, "a .keras archive");
        }
        boolean h5 = name.endsWith(".h5") || name.endsWith(".hdf5");
        KerasH5.Contents contents = h5 ? KerasH5.read(file) : null;
        JsonNode config = h5 ? contents.config() : parse(file);
        refuseKeras3(file, config);
        KerasLayers.refuseLambda(file, config);
        boolean sequential = "Sequential".equals(config.path("class_name").asText());
        try {
            Model imported = h5 && contents.hasWeights() ? importH5(file, sequential) : null;
            Object conf = imported != null ? configOf(imported)
                    : h5 ? configuration(contents.configJson(), sequential)
                    : sequential ? KerasModelImport.importKerasSequentialConfiguration(file.toString(), false)
                    : KerasModelImport.importKerasModelConfiguration(file.toString(), false);
            return finish(file, conf, imported, inputShape(config), settings, seed);
        } catch (ModelException | org.fl4j.plan.SettingsException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelException(file + ": DL4J cannot import this Keras model: " + KerasLayers.explain(message(e), config), e);
        }
    }

    static ModelSpec finish(Path file, Object conf, Model imported, int[] kerasInput, Settings settings,
            long seed) throws ModelException {
        NetworkConfigs.updater(conf, TrainingConfig.updater(settings));
        double decay = TrainingConfig.weightDecay(settings);
        if (!Double.isNaN(decay)) {
            NetworkConfigs.weightDecay(conf, decay);
        }
        List<Integer> flattened = null;
        if (conf instanceof MultiLayerConfiguration m) {
            int last = m.getConfs().size() - 1;
            m.getConf(last).setLayer(NetworkConfigs.withLoss(m.getConf(last).getLayer(),
                    TrainingConfig.loss(settings), file.toString()));
            flattened = NetworkConfigs.toNchw(m);
        } else {
            ComputationGraphConfiguration g = (ComputationGraphConfiguration) conf;
            for (String out : g.getNetworkOutputs()) {
                if (g.getVertices().get(out) instanceof LayerVertex lv) {
                    NeuralNetConfiguration c = lv.getLayerConf();
                    c.setLayer(NetworkConfigs.withLoss(c.getLayer(), TrainingConfig.loss(settings), file.toString()));
                }
            }
        }
        NetworkConfigs.seed(conf, seed);
        Network network = new Network(NetworkConfigs.initialise(conf, seed));
        if (imported != null) {
            copyWeights(new Network(imported), network, flattened == null ? List.of() : flattened);
        }
        int[] input = kerasInput;
        if (flattened != null && kerasInput != null && kerasInput.length == 3) {
            input = new int[] {kerasInput[2], kerasInput[0], kerasInput[1]};
        }
        return new ModelSpec(network, input, file.toString());
    }

    /** Copies imported weights by name; dense layers fed by a flatten step get their rows reordered HWC->CHW. */
    private static void copyWeights(Network from, Network to, List<Integer> flattened) {
        Map<String, INDArray> src = from.params();
        org.deeplearning4j.nn.api.Layer[] layers = to.layers();
        for (Map.Entry<String, INDArray> e : to.params().entrySet()) {
            INDArray value = src.get(e.getKey());
            if (value == null) {
                continue;
            }
            int layer = layerIndex(layers, e.getKey());
            if (flattened.contains(layer) && e.getKey().endsWith("/W")) {
                org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor p =
                        (org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor)
                                ((MultiLayerNetwork) to.model()).getLayerWiseConfigurations().getInputPreProcess(layer);
                long h = p.getInputHeight();
                long w = p.getInputWidth();
                long c = p.getNumChannels();
                long out = value.size(1);
                value = value.dup('c').reshape('c', h, w, c, out).permute(2, 0, 1, 3).dup('c').reshape('c', c * h * w,
                        out);
            }
            e.getValue().assign(value);
        }
    }

    private static int layerIndex(org.deeplearning4j.nn.api.Layer[] layers, String tensor) {
        String layer = tensor.substring(0, tensor.lastIndexOf('/'));
        for (int i = 0; i < layers.length; i++) {
            if (Network.layerName(layers[i], i).equals(layer)) {
                return i;
            }
        }
        return -1;
    }

    private static Model importH5(Path file, boolean sequential) throws Exception {
        return sequential ? KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false)
                : KerasModelImport.importKerasModelAndWeights(file.toString(), false);
    }

    private static Object configOf(Model model) {
        return model instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().clone()
                : ((ComputationGraph) model).getConfiguration().clone();
    }

    private static JsonNode parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode node = JSON.readTree(in);
            if (node == null || !node.has("class_name") || !node.has("config")) {
                throw new ModelException(file + ": not a Keras model configuration (expected a JSON object with"
                        + " class_name and config, as model.to_json() writes)");
            }
            return node;
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            throw new ModelException(file + ": not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
    }

    /** A DL4J configuration from a Keras JSON configuration (with keras_version) held in memory. */
    private static Object configuration(String json, boolean sequential) throws Exception {
        KerasModelBuilder builder = new KerasModelBuilder(new KerasModelConfiguration()).modelJson(json)
                .enforceTrainingConfig(false);
        return sequential ? builder.buildSequential().getMultiLayerConfiguration()
                : builder.buildModel().getComputationGraphConfiguration();
    }

    private static void refuseKeras3(Path file, JsonNode config) throws ModelException {
        String version = config.path("keras_version").asText("");
        if (version.startsWith("3") || config.has("module") || config.has("registered_name")) {
            throw keras3(file, version.isEmpty() ? "a Keras 3 model configuration" : "a Keras " + version
                    + " model configuration");
        }
        JsonNode first = config.path("config").path("layers").path(0).path("config");
        if (first.has("batch_shape") && !first.has("batch_input_shape")) {
            throw keras3(file, "a Keras 3 model configuration (batch_shape)");
        }
    }

    static ModelException keras3(Path file, String what) {
        return new ModelException(file + ": " + what + ". DL4J imports Keras 2 models only: save the model in"
                + " the Keras 2 format (TensorFlow 2.15 or earlier, or the tf_keras package: model.to_json() for the"
                + " configuration, model.save('model.h5') with weights)");
    }

    /** The input shape of a Keras model without the batch dimension, from its first input's batch_input_shape. */
    private static int[] inputShape(JsonNode config) {
        for (JsonNode layer : config.path("config").path("layers")) {
            JsonNode shape = layer.path("config").path("batch_input_shape");
            if (shape.isArray() && shape.size() > 1) {
                int[] out = new int[shape.size() - 1];
                for (int i = 1; i < shape.size(); i++) {
                    out[i - 1] = shape.get(i).isNull() ? -1 : shape.get(i).asInt();
                }
                return out;
            }
        }
        return null;
    }

    private static boolean isZip(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + ": no such model file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K';
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
