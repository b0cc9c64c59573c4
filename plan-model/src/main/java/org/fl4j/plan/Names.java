package org.fl4j.plan;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Naming rules shared by the plan, the PKI and the runtime. A collaborator name becomes the CN of its
 * certificate, part of file names ({@code col_<name>.crt}) and of archive entries, so it is restricted to
 * a safe set: 1 to 64 characters, letters, digits, '.', '_' and '-', starting with a letter or digit.
 */
public final class Names {

    private static final Pattern COLLABORATOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    /** Why the name is not a valid collaborator name, or empty when it is. */
    public static Optional<String> collaboratorNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("collaborator name must not be empty");
        }
        if (!COLLABORATOR.matcher(name).matches()) {
            return Optional.of("invalid collaborator name '" + name + "': use 1 to 64 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    /** Returns the name when valid; otherwise throws {@link IllegalArgumentException} saying why. */
    public static String requireCollaboratorName(String name) {
        collaboratorNameProblem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }
}
