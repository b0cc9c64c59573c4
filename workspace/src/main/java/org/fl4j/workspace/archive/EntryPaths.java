package org.fl4j.workspace.archive;

/** Rules for paths inside a workspace archive: relative, normalised, no way out of the target folder. */
final class EntryPaths {

    private EntryPaths() {
    }

    /** Why this entry name is unsafe, or null when it is a plain relative path inside the target. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return "absolute path";
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return "backslash or NUL in the name";
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return "'..' component leads outside the target folder";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "empty or '.' component (not a normalised path)";
            }
        }
        return null;
    }
}
