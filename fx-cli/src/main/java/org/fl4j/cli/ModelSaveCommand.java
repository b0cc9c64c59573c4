package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.dl4j.ModelExport;
import org.fl4j.dl4j.Network;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx model save}: an fl4j model file to DL4J's native format. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Save an fl4j model file in DL4J's native format.",
            "Rebuilds the architecture from the workspace's plan (task_runner), loads the weights of the model file"
                + " into it and writes a zip that DL4J's ModelSerializer restores (restoreMultiLayerNetwork or"
                + " restoreComputationGraph)."})
final class ModelSaveCommand implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The fl4j model file, e.g. save/keras_cnn_mnist_best.fl4j.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The DL4J model zip to write, e.g. model.zip.")
    Path output;

    @Option(names = {"-p", "--plan"}, paramLabel = "FILE", description = "The plan file (default: the current plan).")
    Path plan;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path ws = CliContext.workspace();
        PlanOptions.requireWorkspace(ws, plan);
        Path in = ws.resolve(input);
        Path out = ws.resolve(output);
        Network network = ModelExport.toDl4j(ws, PlanReader.read(PlanFiles.of(ws, plan, null, null), java.util.Map.of()),
                in, out);
        spec.commandLine().getOut().println("Saved " + network.model().getClass().getSimpleName() + " ("
                + network.parameterCount() + " parameters) to " + out);
        return Fx.OK;
    }
}
