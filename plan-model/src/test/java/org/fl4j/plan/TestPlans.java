package org.fl4j.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Test fixture shared through the plan-model test-jar: lays out a workspace from the real skeleton and a
 * real template found on the class path (fl4j-workspace-skel and fl4j-templates must be test
 * dependencies), the same files {@code fx workspace create} copies.
 */
public final class TestPlans {

    private TestPlans() {
    }

    /** A keras_cnn_mnist workspace in {@code dir} with collaborators {@code one} and {@code two}. */
    public static Path kerasWorkspace(Path dir) {
        return workspace(dir, "keras_cnn_mnist", "one", "two");
    }

    /** Skeleton plus template {@code template}, with the given collaborators registered in cols.yaml. */
    public static Path workspace(Path dir, String template, String... collaborators) {
        try {
            copyListed("org/fl4j/skeleton/", dir);
            copyListed("org/fl4j/templates/" + template + "/", dir);
            for (String c : collaborators) {
                CollaboratorRegistry.register(dir, c);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to {@code dir/relative}, creating folders. */
    public static Path write(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyListed(String base, Path dir) throws IOException {
        for (String file : lines(base + "files.txt")) {
            try (InputStream in = resource(base + file)) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TestPlans.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource not on the class path: " + name);
        }
        return in;
    }
}
