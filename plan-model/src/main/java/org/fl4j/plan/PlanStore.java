package org.fl4j.plan;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The plans of a workspace and which one is current, as in OpenFL: {@code default} is
 * {@code plan/plan.yaml}, a saved plan {@code NAME} is {@code plan/plans/NAME.yaml}, a frozen plan
 * {@code plan_<hash8>} is the write-protected {@code plan/plan_<hash8>.yaml}. {@code plan/.current} holds the
 * workspace-relative path of the current one (no pointer means {@code default}).
 */
public final class PlanStore {

    public static final String DEFAULT = "default";
    static final String SAVED_DIR = "plan/plans";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern FROZEN = Pattern.compile("plan_[0-9a-f]{8}");

    private PlanStore() {
    }

    /** The plan file called {@code name} (it may not exist). */
    public static Path file(Path workspace, String name) {
        requireName(name);
        if (DEFAULT.equals(name)) {
            return workspace.resolve(PlanFiles.DEFAULT_PLAN);
        }
        if (FROZEN.matcher(name).matches()) {
            return workspace.resolve(PlanFiles.PLAN_DIR).resolve(name + ".yaml");
        }
        return workspace.resolve(SAVED_DIR).resolve(name + ".yaml");
    }

    /** The name of the current plan. */
    public static String current(Path workspace) {
        return nameOf(workspace, PlanFiles.currentPlan(workspace));
    }

    /** Every plan of the workspace: default, then frozen ones, then saved ones, each sorted. */
    public static List<String> names(Path workspace) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.exists(workspace.resolve(PlanFiles.DEFAULT_PLAN))) {
            names.add(DEFAULT);
        }
        names.addAll(yamlNames(workspace.resolve(PlanFiles.PLAN_DIR)).stream()
                .filter(n -> FROZEN.matcher(n).matches()).toList());
        names.addAll(yamlNames(workspace.resolve(SAVED_DIR)));
        return names;
    }

    /** Copies the current plan file to a new saved plan {@code name} and makes it current. */
    public static Path save(Path workspace, String name) throws IOException {
        requireName(name);
        if (DEFAULT.equals(name) || FROZEN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is reserved: choose another name");
        }
        Path target = file(workspace, name);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(rel(workspace, target) + " (plan '" + name
                    + "' exists: remove it first or choose another name)");
        }
        Path source = PlanFiles.currentPlan(workspace);
        if (!Files.exists(source)) {
            throw new NoSuchFileException(rel(workspace, source));
        }
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        target.toFile().setWritable(true, true);
        point(workspace, target);
        return target;
    }

    /** Makes plan {@code name} current. */
    public static Path switchTo(Path workspace, String name) throws IOException {
        Path target = file(workspace, name);
        if (!Files.isRegularFile(target)) {
            throw new IllegalArgumentException("no plan '" + name + "': the workspace has " + String.join(", ",
                    names(workspace)));
        }
        point(workspace, target);
        return target;
    }

    /** Deletes plan {@code name} (never {@code default}); if it was current, {@code default} becomes current. */
    public static Path remove(Path workspace, String name) throws IOException {
        if (DEFAULT.equals(name)) {
            throw new IllegalArgumentException("refusing to remove the default plan (plan/plan.yaml)");
        }
        Path target = file(workspace, name);
        if (!Files.isRegularFile(target)) {
            throw new IllegalArgumentException("no plan '" + name + "': the workspace has " + String.join(", ",
                    names(workspace)));
        }
        boolean wasCurrent = PlanFiles.currentPlan(workspace).equals(target.toAbsolutePath().normalize());
        Files.delete(target);
        if (wasCurrent) {
            Files.deleteIfExists(workspace.resolve(PlanFiles.CURRENT_POINTER));
        }
        return target;
    }

    /**
     * Writes the plan's canonical YAML to the write-protected {@code plan/plan_<hash8>.yaml} and makes it
     * current. Freezing the same plan again finds the same file and changes nothing else.
     */
    public static Path freeze(Path workspace, Plan plan) throws IOException {
        String hash = plan.hash();
        Path target = file(workspace, "plan_" + plan.shortHash());
        String text = "# fl4j frozen plan, hash " + hash + "\n"
                + "# Every site of the federation holds this exact plan; do not edit it (make a new one).\n"
                + plan.toYaml();
        if (Files.exists(target)) {
            Plan existing = PlanReader.read(new PlanFiles(workspace, target, Path.of(PlanFiles.COLS),
                    Path.of(PlanFiles.DATA)), Map.of());
            if (!existing.hash().equals(hash)) {
                throw new IllegalStateException(rel(workspace, target) + " exists and holds another plan (hash "
                        + existing.hash() + "): remove it and freeze again");
            }
        } else {
            CollaboratorRegistry.writeAtomically(target, text);
            if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
            } else {
                target.toFile().setWritable(false, false);
            }
        }
        point(workspace, target);
        return target;
    }

    private static void point(Path workspace, Path plan) throws IOException {
        Path def = workspace.resolve(PlanFiles.DEFAULT_PLAN).toAbsolutePath().normalize();
        if (plan.toAbsolutePath().normalize().equals(def)) {
            Files.deleteIfExists(workspace.resolve(PlanFiles.CURRENT_POINTER));
            return;
        }
        CollaboratorRegistry.writeAtomically(workspace.resolve(PlanFiles.CURRENT_POINTER), rel(workspace, plan) + "\n");
    }

    private static String nameOf(Path workspace, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String fileName = abs.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (abs.equals(workspace.resolve(PlanFiles.DEFAULT_PLAN).toAbsolutePath().normalize())) {
            return DEFAULT;
        }
        return fileName;
    }

    private static List<String> yamlNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).filter(n -> NAME.matcher(n).matches())
                    .filter(n -> !n.equals("plan") && !n.equals("cols") && !n.equals("data")).sorted().toList();
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid plan name '" + name + "': use 1 to 64 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
    }

    static String rel(Path workspace, Path file) {
        Path ws = workspace.toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(ws) ? ws.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
