package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.plan.PlanFiles;

/** The names of a simulation's sites (site1, site2, ...) in its workspace, and the check that each gets data. */
final class SimulationSites {

    private SimulationSites() {
    }

    static String name(int index) {
        return "site" + index;
    }

    /** Writes plan/cols.yaml and plan/data.yaml for {@code sites} sites (site i trains on shard i). */
    static void writeNames(Path workspace, int sites) throws IOException {
        StringBuilder cols = new StringBuilder("collaborators:\n");
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= sites; i++) {
            cols.append("  - ").append(name(i)).append('\n');
            data.append(name(i)).append(',').append(i).append('\n');
        }
        Files.writeString(workspace.resolve(PlanFiles.COLS), cols, StandardCharsets.UTF_8);
        Files.writeString(workspace.resolve(PlanFiles.DATA), data, StandardCharsets.UTF_8);
    }

    /** Every site needs a training and a validation record at least. */
    static void checkRecords(LocalData data, int sites) {
        int train = data.train().size();
        int validation = data.validation().size();
        if (sites > Math.min(train, validation)) {
            throw new IllegalArgumentException("sites = " + sites + ": more sites than records (" + train
                    + " training and " + validation + " validation records in " + data.train().source()
                    + "); each site needs at least one of each");
        }
    }
}
