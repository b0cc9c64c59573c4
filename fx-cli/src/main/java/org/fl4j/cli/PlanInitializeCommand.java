package org.fl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx plan initialize}: fix the aggregator's address and port, record the hash, write the round-0 model. */
@Command(name = "initialize", mixinStandardHelpOptions = true,
        description = {"Fix the aggregator address and port, record the hash, write the round-0 model.",
            "Writes the aggregator address (-a, else the plan's, else this host's name for 'auto') and port"
                + " ('auto' becomes the port derived from the plan hash) into the plan file, records the plan hash in"
                + " plan/.initialized and writes the round-0 model with the model initializer of the plan's task"
                + " runner. Fails, saying so, when no initializer for the task runner is installed."})
final class PlanInitializeCommand implements Callable<Integer> {

    @Option(names = {"-a", "--aggregator-address"}, paramLabel = "ADDRESS",
            description = "The aggregator's host name or IP address as collaborators will reach it.")
    String address;

    @Option(names = {"-p", "--plan"}, paramLabel = "FILE", description = "The plan file (default: the current plan).")
    Path plan;

    @Option(names = {"-c", "--cols"}, paramLabel = "FILE", description = "The collaborator list (default: plan/cols.yaml).")
    Path cols;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE", description = "The data paths (default: plan/data.yaml).")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path ws = CliContext.workspace();
        PlanOptions.requireWorkspace(ws, plan);
        PlanInitializer.Result r = PlanInitializer.initialize(PlanFiles.of(ws, plan, cols, data), address);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Plan " + ws.relativize(r.planFile()) + ": aggregator " + r.address() + ":" + r.port());
        out.println("Plan hash " + r.plan().hash());
        out.println("Federation id " + r.plan().federationId());
        if (!r.modelWritten()) {
            throw new FxException("no round-0 model written: no model initializer serves task_runner.template '"
                    + r.plan().taskRunner().template() + "' (available: " + (r.availableInitializers().isEmpty()
                    ? "none" : String.join(", ", r.availableInitializers())) + ")");
        }
        out.println("Round-0 model " + ws.relativize(r.initModel()));
        return Fx.OK;
    }
}
