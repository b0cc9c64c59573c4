package org.fl4j.collaborator.data;

import java.io.IOException;

/**
 * Local data that cannot be used: a missing file, a wrong format, a truncated file, a bad value. The message
 * names the file (and line, for text formats) and what is wrong.
 */
public class DataException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
