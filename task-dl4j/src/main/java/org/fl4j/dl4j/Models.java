package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;

/**
 * Builds the network a plan's {@code task_runner} describes, from its template and settings alone (no data):
 * what both the collaborators and {@code fx plan initialize} use.
 */
public final class Models {

    /** Runner templates and the model definitions they take. */
    public enum Kind {
        /** A Keras 2 model: {@code model} is a JSON configuration or an {@code .h5} file. */
        KERAS("fl4j.dl4j.KerasRunner"),
        /** A DL4J configuration JSON file: {@code model}. */
        DL4J_JSON("fl4j.dl4j.Dl4jJsonRunner"),
        /** A {@link ModelBuilder} class: {@code model_class} (and {@code code_dir}). */
        JAVA("fl4j.dl4j.JavaModelRunner"),
        /** A {@link ModelBuilder} class for segmentation ({@code model_class}), trained on images and masks. */
        SEGMENTATION("fl4j.dl4j.SegmentationRunner");

        private final String template;

        Kind(String template) {
            this.template = template;
        }

        public String template() {
            return template;
        }

        /** The kind a plan's {@code task_runner.template} names; the error lists the known templates. */
        public static Kind ofTemplate(String template) {
            for (Kind k : values()) {
                if (k.template.equals(template)) {
                    return k;
                }
            }
            throw new SettingsException("task_runner.template: '" + template + "' is not a DL4J runner: choose from "
                    + Arrays.stream(values()).map(Kind::template).collect(Collectors.joining(", ")));
        }
    }

    private Models() {
    }

    /** Builds and initialises the model; weights depend on {@code seed} (or come from the model file). */
    public static ModelSpec build(Kind kind, Path workspace, Settings settings, long seed) throws IOException {
        NativeSetup.ensureConfigured();
        ModelSpec spec = switch (kind) {
            case KERAS -> KerasModels.load(modelFile(workspace, settings), settings, seed);
            case DL4J_JSON -> Dl4jJsonModels.load(modelFile(workspace, settings), settings, seed);
            case JAVA, SEGMENTATION -> JavaModels.load(workspace, settings, seed);
        };
        if (settings.has("weights")) {
            loadWeights(spec, workspace, settings);
        }
        return spec;
    }

    /** Loads {@code weights}, an fl4j model file (optimizer tensors in it are ignored), into the network. */
    private static void loadWeights(ModelSpec spec, Path workspace, Settings settings) throws IOException {
        Path file = workspace.resolve(settings.requireString("weights")).normalize();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ModelException(settings.path() + ".weights: no such model file: " + file);
        }
        org.fl4j.protocol.model.SavedModel saved = org.fl4j.protocol.model.ModelFile.read(file);
        java.util.List<org.fl4j.protocol.model.Tensor> model = saved.weights().tensors().stream()
                .filter(t -> !OptimizerState.isOptimizerTensor(t.name())).toList();
        try {
            Tensors.load(spec.network().params(), new org.fl4j.protocol.model.ModelWeights(model), file.toString());
        } catch (IllegalArgumentException e) {
            throw new ModelException(settings.path() + ".weights: " + e.getMessage() + " (the model is "
                    + spec.source() + ")", e);
        }
    }

    private static Path modelFile(Path workspace, Settings settings) throws ModelException {
        Path file = workspace.resolve(settings.requireString("model")).normalize();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ModelException(settings.path() + ".model: no such model file: " + file);
        }
        return file;
    }

    /** A model from a {@link ModelBuilder} instance, with the settings' updater override and the seed. */
    public static ModelSpec fromBuilder(ModelBuilder builder, String name, Settings settings, long seed)
            throws IOException {
        NativeSetup.ensureConfigured();
        return JavaModels.fromBuilder(builder, name, settings, seed);
    }

    /** A DL4J configuration with the plan's overrides (updater, seed), built and initialised. */
    static ModelSpec fromConfiguration(Object conf, Settings settings, long seed, String source, int[] inputShape) {
        if (TrainingConfig.overridesUpdater(settings)) {
            NetworkConfigs.updater(conf, TrainingConfig.updater(settings));
        }
        double decay = TrainingConfig.weightDecay(settings);
        if (!Double.isNaN(decay)) {
            NetworkConfigs.weightDecay(conf, decay);
        }
        NetworkConfigs.seed(conf, seed);
        Network network = new Network(NetworkConfigs.initialise(conf, seed));
        int[] shape = inputShape != null ? inputShape
                : conf instanceof MultiLayerConfiguration m ? InputShapes.of(m) : null;
        return new ModelSpec(network, shape, source);
    }
}
