package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.util.ModelSerializer;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;

/**
 * {@code fx model save}: turns an fl4j model file into DL4J's own format (a zip that
 * {@code ModelSerializer.restoreMultiLayerNetwork} or {@code restoreComputationGraph} loads). The architecture
 * is rebuilt from the workspace's plan, so the model file must come from a federation of that plan.
 */
public final class ModelExport {

    private ModelExport() {
    }

    /** Writes {@code output} (atomically) from {@code modelFile}; returns the rebuilt network. */
    public static Network toDl4j(Path workspace, Plan plan, Path modelFile, Path output) throws IOException {
        SavedModel saved = ModelFile.read(modelFile);
        Models.Kind kind = Models.Kind.ofTemplate(plan.taskRunner().template());
        ModelSpec spec = Models.build(kind, workspace, plan.taskRunner().settings(), plan.aggregator().seed());
        List<Tensor> model = new ArrayList<>();
        List<Tensor> optimizer = new ArrayList<>();
        for (Tensor t : saved.weights().tensors()) {
            (OptimizerState.isOptimizerTensor(t.name()) ? optimizer : model).add(t);
        }
        try {
            Tensors.load(spec.network().params(), new ModelWeights(model), modelFile.toString());
            if (!optimizer.isEmpty()) {
                Tensors.load(OptimizerState.views(spec.network()), new ModelWeights(optimizer), modelFile.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new ModelException(e.getMessage() + " (the plan's model is " + spec.source()
                    + "; was this file made with another plan?)", e);
        }
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(spec.network().model(), tmp.toFile(), !optimizer.isEmpty());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return spec.network();
    }

    /** {@code fx model info}: round, provenance (sorted), each tensor's shape and size, totals. */
    public static List<String> describe(SavedModel model) {
        List<String> lines = new ArrayList<>();
        lines.add("round: " + model.round());
        lines.add("provenance:");
        model.provenance().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> lines.add("  " + e.getKey() + ": " + e.getValue()));
        lines.add("tensors: " + model.weights().tensorCount() + ", parameters: " + model.weights().parameterCount()
                + ", " + human(model.weights().byteSize()));
        int width = model.weights().tensors().stream().mapToInt(t -> t.name().length()).max().orElse(0);
        for (Tensor t : model.weights().tensors()) {
            lines.add(String.format("  %-" + width + "s  %-18s %10d  %s", t.name(),
                    java.util.Arrays.toString(t.shape()), t.size(), human(t.byteSize())));
        }
        return lines;
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
