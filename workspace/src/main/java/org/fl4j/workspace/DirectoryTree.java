package org.fl4j.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Renders a folder as an indented tree, folders first then files, each sorted by name. */
public final class DirectoryTree {

    private DirectoryTree() {
    }

    /**
     * The tree below {@code root}: first the root's name followed by '/', last a count line such as
     * {@code 7 directories, 13 files}.
     */
    public static String render(Path root) throws IOException {
        StringBuilder sb = new StringBuilder(root.getFileName() + "/\n");
        int[] counts = new int[2];
        walk(root, "", sb, counts);
        sb.append('\n').append(counts[0]).append(counts[0] == 1 ? " directory, " : " directories, ")
                .append(counts[1]).append(counts[1] == 1 ? " file" : " files").append('\n');
        return sb.toString();
    }

    private static void walk(Path dir, String indent, StringBuilder sb, int[] counts) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted((a, b) -> {
                int byKind = Boolean.compare(!Files.isDirectory(a), !Files.isDirectory(b));
                return byKind != 0 ? byKind : a.getFileName().toString().compareTo(b.getFileName().toString());
            }).toList();
        }
        for (int i = 0; i < children.size(); i++) {
            Path c = children.get(i);
            boolean last = i == children.size() - 1;
            boolean folder = Files.isDirectory(c);
            sb.append(indent).append(last ? "└── " : "├── ").append(c.getFileName()).append(folder ? "/" : "")
                    .append('\n');
            counts[folder ? 0 : 1]++;
            if (folder) {
                walk(c, indent + (last ? "    " : "│   "), sb, counts);
            }
        }
    }
}
