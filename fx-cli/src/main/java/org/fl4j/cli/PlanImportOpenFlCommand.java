package org.fl4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fl4j.plan.OpenFlImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx plan import-openfl}: an OpenFL workspace's plan as the workspace's fl4j plan. */
@Command(name = "import-openfl", mixinStandardHelpOptions = true,
        description = {"Run an OpenFL workspace's federation with fl4j's aggregator.",
            "Reads OpenFL's plan/plan.yaml with the plan/defaults files it names, cols.yaml and data.yaml, and"
                + " writes the fl4j plan plan/fl4j.yaml, made the current plan: fx aggregator start then serves"
                + " OpenFL's collaborators (and fl4j's) from this workspace, with its cert/ files and save/*.pbuf"
                + " models. OpenFL's files are not changed. Prints OpenFL's federation uuid, the port and every"
                + " setting that was not mapped, with its file and line."})
final class PlanImportOpenFlCommand implements Callable<Integer> {

    @Option(names = "--federation-uuid", paramLabel = "UUID",
            description = "Use this OpenFL federation uuid (as OpenFL's collaborators log it: <plan file>_<hash8>)"
                    + " instead of the one computed from the plan.")
    String federationUuid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path ws = CliContext.workspace();
        OpenFlImport.Result r = OpenFlImport.run(ws, Optional.ofNullable(federationUuid));
        var out = spec.commandLine().getOut();
        out.println("Imported OpenFL's plan/plan.yaml into " + ws.relativize(r.planFile()) + " (now the current plan)");
        out.println("  OpenFL federation uuid: " + r.federationUuid());
        out.println("  OpenFL aggregator uuid: " + r.aggregatorUuid());
        out.println("  aggregator: " + r.plan().network().aggAddr() + ":" + r.port() + ", " + r.plan().collaborators()
                .size() + " collaborators, " + r.plan().aggregator().roundsToTrain() + " rounds");
        out.println("  models: " + r.plan().aggregator().initStatePath() + " (initial), "
                + r.plan().aggregator().bestStatePath() + " (best), " + r.plan().aggregator().lastStatePath()
                + " (last)");
        if (r.notMapped().isEmpty()) {
            out.println("Every setting was mapped.");
        } else {
            out.println("Not mapped (" + r.notMapped().size() + "):");
            r.notMapped().forEach(n -> out.println("  " + n));
        }
        return Fx.OK;
    }
}
