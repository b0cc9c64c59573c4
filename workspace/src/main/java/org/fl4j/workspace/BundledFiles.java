package org.fl4j.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the resource trees bundled in the skeleton and templates jars. Class-path folders cannot be
 * listed portably, so every tree carries a {@code files.txt} naming its files.
 */
final class BundledFiles {

    static final String SKELETON = "org/fl4j/skeleton/";
    static final String TEMPLATES = "org/fl4j/templates/";
    static final String LISTING = "files.txt";
    /** Marker files that only keep empty folders in the jar; they are not copied into workspaces. */
    static final String FOLDER_MARKER = ".keep";

    private BundledFiles() {
    }

    /** The non-comment, non-blank lines of a text resource. */
    static List<String> lines(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    static InputStream open(String resource) throws IOException {
        InputStream in = BundledFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("fl4j is missing its bundled file " + resource + " (a broken build?)");
        }
        return in;
    }

    /** The files listed for the tree at {@code base}, checked to be plain relative paths. */
    static List<String> listing(String base) throws IOException {
        List<String> files = lines(base + LISTING);
        for (String f : files) {
            if (f.startsWith("/") || f.contains("\\") || List.of(f.split("/")).contains("..")) {
                throw new IOException("bad entry '" + f + "' in " + base + LISTING);
            }
        }
        return files;
    }
}
