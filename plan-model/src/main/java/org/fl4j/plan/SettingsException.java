package org.fl4j.plan;

/** A plan setting that is missing or of the wrong type, found when a component reads it. */
public final class SettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
