package org.fl4j.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a workspace: the skeleton ({@code plan/defaults/}, {@code cert/}, {@code data/}, {@code save/},
 * {@code logs/}, {@code code/}, the {@code .workspace} marker) with a template's files on top. The
 * workspace is built in a temporary sibling folder and moved into place, so a failure leaves nothing
 * behind. It refuses a folder that exists and is not empty, and a relative folder that leaves the current
 * folder through {@code ..}.
 */
public final class WorkspaceCreator {

    /** The file that marks a folder as an fl4j workspace. */
    public static final String MARKER = ".workspace";

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCreator.class);

    private WorkspaceCreator() {
    }

    /**
     * Creates the workspace {@code prefix} (resolved against {@code currentDir}) from {@code templateName}.
     *
     * @return the workspace folder, absolute
     * @throws IllegalArgumentException for an unknown template or a refused folder (nothing is written)
     */
    public static Path create(Path currentDir, Path prefix, String templateName) throws IOException {
        Template template = Templates.require(templateName);
        Path cwd = currentDir.toAbsolutePath().normalize();
        Path target = cwd.resolve(prefix).normalize();
        if (!prefix.isAbsolute() && !target.startsWith(cwd)) {
            throw new IllegalArgumentException("refusing workspace folder '" + prefix
                    + "': it leaves the current folder through '..'; give a folder below it or an absolute path");
        }
        if (target.equals(cwd) || target.getParent() == null) {
            throw new IllegalArgumentException("refusing workspace folder '" + prefix
                    + "': it is the current folder or the root; give a new folder");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new FileAlreadyExistsException(target + " (a file, not a folder)");
        }
        if (Files.isDirectory(target) && !isEmpty(target)) {
            throw new IllegalArgumentException("refusing workspace folder '" + target + "': it exists and is not empty");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".creating-");
        try {
            populate(staging, template.name());
            if (Files.isDirectory(target)) {
                Files.delete(target);
            }
            move(staging, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        LOG.debug("Created workspace {} from template {}", target, template.name());
        return target;
    }

    /** Skeleton then template, a template file replacing a skeleton file of the same path. */
    static void populate(Path dir, String template) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : BundledFiles.listing(BundledFiles.SKELETON)) {
            files.put(f, BundledFiles.SKELETON + f);
        }
        String base = BundledFiles.TEMPLATES + template + "/";
        for (String f : BundledFiles.listing(base)) {
            files.put(f, base + f);
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            if (target.getFileName().toString().equals(BundledFiles.FOLDER_MARKER)) {
                continue;
            }
            try (InputStream in = BundledFiles.open(e.getValue())) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        restrict(dir.resolve("cert"));
    }

    /** Certificates and private keys live in cert/: owner only, where the file system has POSIX modes. */
    private static void restrict(Path certDir) throws IOException {
        if (Files.isDirectory(certDir) && certDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(certDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
