package org.fl4j.workspace;

import java.util.Objects;

/** A workspace template: its name (what users type after {@code --template}) and a one-line description. */
public record Template(String name, String description) {

    public Template {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
