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
 * Regenerates the models the fed_eval_mnist template ships in {@code templates/.../fed_eval_mnist/code/}:
 * keras_cnn_mnist trained centrally (Adam 1e-3, seed 0) on the 8,000 embedded training digits, for 3 epochs
 * at batch 32 ({@code keras_cnn_mnist_trained.fl4j}, the model the template evaluates) and for 1 epoch at batch
 * 512 ({@code keras_cnn_mnist_early.fl4j}, a weaker second candidate for evaluating K models). Not a test; run
 * it by hand after changing the model: {@code task-dl4j/run.sh org.fl4j.dl4j.FedEvalModelGenerator <output
 * file> [epochs batch_size]} (3 and 32 when not given).
 */
public final class FedEvalModelGenerator {

    private FedEvalModelGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int epochs = args.length > 2 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Path workspace = Files.createTempDirectory("fl4j-fedeval-");
        ModelSpec spec = Fixtures.kerasCnn(workspace, 0);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("central", spec, IdxDataSets.embeddedMnist(), Settings.empty(), 0);
        runner.train(new TaskContext("central", 1, "train", new Settings("kwargs",
                Map.of("epochs", epochs, "batch_size", batch)),
                OptTreatment.RESET));
        TaskResult valid = runner.validate(new TaskContext("central", 1, "validate", Settings.empty(),
                OptTreatment.RESET));
        Map<String, String> provenance = new LinkedHashMap<>(InitialModels.versions());
        provenance.put("model", "code/keras_cnn_mnist.json");
        provenance.put("task_runner", Models.Kind.KERAS.template());
        provenance.put("trained", "centrally, " + epochs + (epochs == 1 ? " epoch" : " epochs") + ", batch " + batch
                + ", Adam 1e-3, seed 0, on the 8000 embedded MNIST training digits (FedEvalModelGenerator)");
        provenance.put("validation_accuracy", String.format("%.4f", valid.metrics().get("accuracy")));
        ModelFile.write(out, new SavedModel(epochs, provenance, runner.weights()));
        System.out.println("wrote " + out + ": " + valid.metrics());
    }
}
