package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.plan.CollaboratorRegistry;
import org.fl4j.plan.PlanFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator create -n NAME -d DATA_PATH}: record a collaborator's data path at this site. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Record a collaborator's data path at this site.",
            "Writes NAME,DATA_PATH to plan/data.yaml (replacing the line of NAME if there is one). The name joins"
                + " plan/cols.yaml when the certificate authority signs its request."})
final class CollaboratorCreateCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The collaborator's name"
            + " (its certificate CN): letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = {"-d", "--data-path"}, required = true, paramLabel = "DATA_PATH",
            description = "Where the collaborator's data is, as its data loader understands it (keras_cnn_mnist:"
                    + " the shard number, 1 to collaborator_count).")
    String dataPath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path ws = CliContext.workspace();
        PlanOptions.requireWorkspace(ws, null);
        CollaboratorRegistry.setDataPath(ws, name, dataPath);
        spec.commandLine().getOut().println("Collaborator " + name + ": data path '" + dataPath.strip()
                + "' recorded in " + PlanFiles.DATA);
        return Fx.OK;
    }
}
