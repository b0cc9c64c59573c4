package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import org.fl4j.workspace.archive.ArchiveLimits;
import org.fl4j.workspace.archive.ArchiveRefusedException;
import org.fl4j.workspace.archive.Manifest;
import org.fl4j.workspace.archive.WorkspaceArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx workspace import}: verifies an exported workspace archive and unpacks it into a new folder. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Verify a workspace archive against its manifest and unpack it into a new folder.",
            "Refuses, naming the entry, absolute paths, '..', links, devices, unlisted entries, hash mismatches,"
                    + " archives beyond the size limit and a plan whose hash differs from the manifest's."
                    + " Nothing is written when it refuses."})
final class WorkspaceImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--archive", required = true, paramLabel = "FILE", description = "The exported workspace archive.")
    Path archive;

    @Option(names = "--prefix", paramLabel = "DIR",
            description = "Folder to create (default: the workspace's name, in the current folder).")
    Path prefix;

    @Option(names = "--max-size-mb", paramLabel = "MB", defaultValue = "8192",
            description = "Refuse archives that unpack to more than this (default: ${DEFAULT-VALUE}).")
    long maxSizeMb;

    @Override
    public Integer call() throws Exception {
        Path base = CliContext.workspace();
        Path source = base.resolve(archive);
        ArchiveLimits limits = ArchiveLimits.DEFAULT.withMaxTotalBytes(maxSizeMb << 20);
        Manifest manifest = WorkspaceArchive.verify(source, limits);
        Path target = base.resolve(prefix != null ? prefix : Path.of(manifest.workspace())).normalize();
        WorkspaceArchive.importArchive(source, target, limits, WorkspaceImportCommand::checkPlan);

        var out = spec.commandLine().getOut();
        out.printf("Imported workspace '%s' (%d files, plan hash %s) into %s%n", manifest.workspace(),
                manifest.entries().size(), manifest.planHash().substring(0, Math.min(8, manifest.planHash().length())),
                target);
        out.println("Next, in " + target.getFileName() + ": fx collaborator create -n NAME -d DATA_PATH, then"
                + " fx collaborator generate-cert-request -n NAME");
        return Fx.OK;
    }

    /** The unpacked plan must be the very plan the manifest names: the federation id derives from it. */
    static void checkPlan(Path unpacked, Manifest manifest) {
        Plan plan = PlanReader.read(unpacked);
        if (!plan.hash().equals(manifest.planHash())) {
            String planFile = unpacked.relativize(PlanFiles.currentPlan(unpacked)).toString();
            throw new ArchiveRefusedException(planFile, "the plan's hash " + plan.shortHash()
                    + " differs from the manifest's " + manifest.planHash());
        }
    }
}
