package org.fl4j.workspace.archive;

/** An archive that is refused, naming the offending entry and why. Nothing was written when it is thrown. */
public final class ArchiveRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String entry;

    public ArchiveRefusedException(String entry, String reason) {
        super("archive refused: entry '" + entry + "': " + reason);
        this.entry = entry;
    }

    /** The archive entry (path inside the archive) that was refused. */
    public String entry() {
        return entry;
    }
}
