package org.fl4j.privacy.accounting;

/** No noise multiplier within the search range reaches the target epsilon; the message says what would. */
public final class UnreachableEpsilonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreachableEpsilonException(String message) {
        super(message);
    }
}
