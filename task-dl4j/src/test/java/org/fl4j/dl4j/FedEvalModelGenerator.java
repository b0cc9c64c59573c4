package org.fl4j.dl4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;

/**
 * Regenerates {@code templates/.../fed_eval_mnist/code/keras_cnn_mnist_trained.fl4j}, the model that the
 * fed_eval_mnist template evaluates: keras_cnn_mnist trained centrally for 3 epochs (batch 32, Adam 1e-3,
 * seed 0) on the 8,000 embedded training digits. Not a test; run it by hand after changing the model:
 * {@code java -cp <task-dl4j test class path> org.fl4j.dl4j.FedEvalModelGenerator <output file>}.
 */
public final class FedEvalModelGenerator {

    private FedEvalModelGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path workspace = Files.createTempDirectory("fl4j-fedeval-");
        ModelSpec spec = Fixtures.kerasCnn(workspace, 0);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("central", spec, IdxDataSets.embeddedMnist(), Settings.empty(), 0);
        runner.train(new TaskContext("central", 1, "train", new Settings("kwargs", Map.of("epochs", 3)),
                OptTreatment.RESET));
        TaskResult valid = runner.validate(new TaskContext("central", 1, "validate", Settings.empty(),
                OptTreatment.RESET));
        Map<String, String> provenance = new LinkedHashMap<>(InitialModels.versions());
        provenance.put("model", "code/keras_cnn_mnist.json");
        provenance.put("task_runner", Models.Kind.KERAS.template());
        provenance.put("trained", "centrally, 3 epochs, batch 32, Adam 1e-3, seed 0, on the 8000 embedded MNIST"
                + " training digits (FedEvalModelGenerator)");
        provenance.put("validation_accuracy", String.format("%.4f", valid.metrics().get("accuracy")));
        ModelFile.write(out, new SavedModel(3, provenance, runner.weights()));
        System.out.println("wrote " + out + ": " + valid.metrics());
    }
}
