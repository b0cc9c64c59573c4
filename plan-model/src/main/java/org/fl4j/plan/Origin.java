package org.fl4j.plan;

/** Where a YAML value came from: a file shown relative to the workspace, with 1-based line and column. */
record Origin(String file, int line, int column) {

    static final Origin OVERRIDE = new Origin("--set", 0, 0);

    static Origin of(String file) {
        return new Origin(file, 0, 0);
    }

    boolean hasPosition() {
        return line > 0;
    }

    @Override
    public String toString() {
        return hasPosition() ? file + ":" + line + ":" + column : file;
    }
}
