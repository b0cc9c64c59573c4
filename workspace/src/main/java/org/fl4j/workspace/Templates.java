package org.fl4j.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workspace templates bundled with fl4j, from {@code org/fl4j/templates/index.txt} (one
 * {@code name | description} a line). A new template is a folder with a {@code files.txt} and a line in the
 * index.
 */
public final class Templates {

    static final String INDEX = BundledFiles.TEMPLATES + "index.txt";

    private Templates() {
    }

    /** Every template, in index order. */
    public static List<Template> list() {
        try {
            List<Template> out = new ArrayList<>();
            for (String line : BundledFiles.lines(INDEX)) {
                int bar = line.indexOf('|');
                String name = (bar < 0 ? line : line.substring(0, bar)).strip();
                String description = bar < 0 ? "" : line.substring(bar + 1).strip();
                out.add(new Template(name, description));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Template names, in index order. */
    public static List<String> names() {
        return list().stream().map(Template::name).toList();
    }

    public static Optional<Template> find(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The template, or an exception whose message lists the valid names. */
    public static Template require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown template '" + name
                + "': choose from " + String.join(", ", names())));
    }
}
