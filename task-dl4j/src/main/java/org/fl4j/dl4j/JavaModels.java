package org.fl4j.dl4j;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.plan.Settings;

/**
 * Models written in Java: {@code task_runner.settings.model_class} names a {@link ModelBuilder}, compiled
 * from the workspace's {@code code_dir} (default {@code code}) or found on the class path.
 */
final class JavaModels {

    static final String DEFAULT_CODE_DIR = "code";

    private JavaModels() {
    }

    static ModelSpec load(Path workspace, Settings settings, long seed) throws ModelException {
        String className = settings.requireString("model_class");
        Path codeDir = workspace.resolve(settings.getString("code_dir", DEFAULT_CODE_DIR)).normalize();
        ClassLoader loader = CodeCompiler.load(codeDir, workspace);
        return fromBuilder(instantiate(className, loader, settings), className, settings, seed);
    }

    /** A model from a builder instance (the Java API hands one in directly). */
    static ModelSpec fromBuilder(ModelBuilder builder, String className, Settings settings, long seed)
            throws ModelException {
        Model model;
        try {
            model = builder.build(seed);
        } catch (RuntimeException e) {
            throw new ModelException(className + ".build failed: " + KerasModels.message(e), e);
        }
        if (model == null) {
            throw new ModelException(className + ".build returned null");
        }
        Object conf = model instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations()
                : model instanceof ComputationGraph g ? g.getConfiguration() : null;
        if (conf == null) {
            throw new ModelException(className + ".build returned a " + model.getClass().getName()
                    + ": expected a MultiLayerNetwork or a ComputationGraph");
        }
        return Models.fromConfiguration(conf, settings, seed, className, builder.inputShape());
    }

    private static ModelBuilder instantiate(String className, ClassLoader loader, Settings settings)
            throws ModelException {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ModelException(settings.path() + ".model_class: class " + className + " not found in the"
                    + " workspace's " + settings.getString("code_dir", DEFAULT_CODE_DIR) + "/ folder nor on the class"
                    + " path");
        }
        if (!ModelBuilder.class.isAssignableFrom(type)) {
            throw new ModelException(settings.path() + ".model_class: " + className + " does not implement "
                    + ModelBuilder.class.getName());
        }
        try {
            return (ModelBuilder) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ModelException(className + " needs a public no-argument constructor", e);
        } catch (InstantiationException | InvocationTargetException e) {
            throw new ModelException(className + ": constructor failed: " + KerasModels.message(e), e);
        }
    }
}
