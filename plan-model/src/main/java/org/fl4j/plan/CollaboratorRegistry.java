package org.fl4j.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Explicit edits of a workspace's {@code plan/cols.yaml} and {@code plan/data.yaml}: registering a
 * collaborator and setting its data path. Files are rewritten atomically (temporary file, then rename);
 * comment lines at the top of cols.yaml and every other line of data.yaml are kept.
 */
public final class CollaboratorRegistry {

    private CollaboratorRegistry() {
    }

    /**
     * Adds {@code name} to {@code plan/cols.yaml} (created when missing).
     *
     * @return false when the name was already there (nothing is written)
     * @throws IllegalArgumentException for an invalid name
     * @throws PlanException when cols.yaml exists but is not valid
     */
    public static synchronized boolean register(Path workspace, String name) throws IOException {
        Names.requireCollaboratorName(name);
        Path file = workspace.resolve(PlanFiles.COLS);
        List<String> header = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (Files.exists(file)) {
            Problems problems = new Problems();
            names.addAll(SiteFiles.collaborators(file, PlanFiles.COLS, problems));
            problems.throwIfAny();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.strip().startsWith("#")) {
                    break;
                }
                header.add(line);
            }
        }
        if (names.contains(name)) {
            return false;
        }
        names.add(name);
        StringBuilder text = new StringBuilder();
        header.forEach(h -> text.append(h).append('\n'));
        text.append(SiteFiles.COLLABORATORS).append(":\n");
        names.forEach(n -> text.append("  - ").append(n).append('\n'));
        writeAtomically(file, text.toString());
        return true;
    }

    /**
     * Sets the data path of {@code name} in {@code plan/data.yaml} (created when missing), replacing its
     * line if it has one and keeping every other line.
     */
    public static synchronized void setDataPath(Path workspace, String name, String dataPath) throws IOException {
        Names.requireCollaboratorName(name);
        if (dataPath == null || dataPath.isBlank() || dataPath.contains("\n") || dataPath.contains("\r")) {
            throw new IllegalArgumentException("the data path of '" + name + "' must be one non-empty line");
        }
        Path file = workspace.resolve(PlanFiles.DATA);
        List<String> lines = Files.exists(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        String entry = name + "," + dataPath.strip();
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int comma = line.indexOf(',');
            if (!line.startsWith("#") && comma > 0 && line.substring(0, comma).strip().equals(name)) {
                lines.set(i, entry);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        writeAtomically(file, String.join("\n", lines) + "\n");
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Keep the file's mode (a temporary file is created owner-only); new files get rw-r--r--.
                Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
