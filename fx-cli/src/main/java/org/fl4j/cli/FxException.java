package org.fl4j.cli;

/**
 * A failure to report to the user as one line on stderr, without a stack trace (exit code 1). Module
 * exceptions whose message is already user-facing are reported the same way by {@link FailureHandler}.
 */
public class FxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FxException(String message) {
        super(message);
    }

    public FxException(String message, Throwable cause) {
        super(message, cause);
    }
}
