package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A simulation's own copy of an existing workspace: its plan and code (whatever the workspace holds but its
 * certificates, data, saved models, logs and earlier simulations), so the simulation writes its collaborator
 * list, models and logs without touching the real federation's files.
 */
final class WorkspaceCopy {

    /** Top-level folders not copied. */
    static final Set<String> SKIPPED = Set.of("cert", "data", "save", "logs", "simulation");

    private WorkspaceCopy() {
    }

    /** Copies {@code source} into {@code target}, which must not exist yet; returns {@code target}. */
    static Path copy(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + ": a simulation's workspace is there already; choose"
                    + " another folder or remove it");
        }
        Path from = source.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.filter(p -> !skipped(from.relativize(p)) && !p.startsWith(to)).toList();
        }
        for (Path p : paths) {
            Path dest = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                Files.copy(p, dest);
            }
        }
        for (String dir : List.of("save", "logs")) {
            Files.createDirectories(to.resolve(dir));
        }
        return to;
    }

    private static boolean skipped(Path relative) {
        return relative.getNameCount() > 0 && !relative.toString().isEmpty()
                && SKIPPED.contains(relative.getName(0).toString());
    }
}
