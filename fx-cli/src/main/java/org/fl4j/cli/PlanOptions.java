package org.fl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import picocli.CommandLine.Option;

/** Which plan files a command reads ({@code -p/-c/-d}, relative to the workspace), and its overrides. */
final class PlanOptions {

    @Option(names = {"-p", "--plan"}, paramLabel = "FILE",
            description = "The plan file (default: the current plan, plan/plan.yaml unless switched).")
    Path plan;

    @Option(names = {"-c", "--cols"}, paramLabel = "FILE", description = "The collaborator list (default: plan/cols.yaml).")
    Path cols;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE", description = "The data paths (default: plan/data.yaml).")
    Path data;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a setting by dotted path, e.g. --set aggregator.settings.rounds_to_train=5"
                    + " (the value is read as YAML; repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    PlanFiles files() {
        Path workspace = CliContext.workspace();
        requireWorkspace(workspace, plan);
        return PlanFiles.of(workspace, plan, cols, data);
    }

    Plan read() {
        return PlanReader.read(files(), overrides);
    }

    /** A clear message for a folder that is not a workspace at all, instead of "plan/plan.yaml: file not found". */
    static void requireWorkspace(Path workspace, Path planOption) {
        if (planOption == null && !Files.isDirectory(workspace.resolve(PlanFiles.PLAN_DIR))) {
            throw new FxException(workspace + " is not an fl4j workspace (it has no plan/ folder): create one with"
                    + " 'fx workspace create --prefix DIR --template NAME' or give its folder with --workspace DIR");
        }
    }
}
