package org.fl4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.PlanStore;
import org.fl4j.workspace.archive.ExportReport;
import org.fl4j.workspace.archive.LeftOut;
import org.fl4j.workspace.archive.WorkspaceArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx workspace export}: freezes the plan and writes the workspace archive for partner sites. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Freeze the current plan and export the workspace as <workspace>.tar.gz for partner sites.",
            "The archive holds the frozen plan and its defaults, cols.yaml, data.yaml, code/, the initial model"
                    + " and a manifest of SHA-256 hashes; never keys, certificates, data, logs or other saved models."})
final class WorkspaceExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Archive to write (default: <workspace>/<workspace name>.tar.gz).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path ws = CliContext.workspace();
        Plan plan = PlanReader.read(ws);
        Path frozen = PlanStore.freeze(ws, plan);
        String name = ws.getFileName().toString();
        Path archive = output != null ? output.toAbsolutePath() : ws.resolve(name + ".tar.gz");
        String initModel = ws.relativize(ws.resolve(plan.aggregator().initStatePath()).normalize()).toString();
        ExportReport report = WorkspaceArchive.export(ws, name, plan.hash(), Set.of(initModel), archive);

        var out = spec.commandLine().getOut();
        out.printf("Plan frozen: %s (hash %s)%n", ws.relativize(frozen), plan.shortHash());
        out.printf("Exported %d files (%s) to %s%n", report.manifest().entries().size(),
                Sizes.human(report.manifest().totalSize()), archive);
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (LeftOut l : report.leftOut()) {
            byReason.computeIfAbsent(l.reason(), r -> new java.util.ArrayList<>()).add(l.path());
        }
        if (!byReason.isEmpty()) {
            out.println("Left out:");
            byReason.forEach((reason, paths) -> out.printf("  %s: %s%n", reason, String.join(", ", paths)));
        }
        out.println("Send the archive to each partner site: fx workspace import --archive " + archive.getFileName());
        return Fx.OK;
    }
}
