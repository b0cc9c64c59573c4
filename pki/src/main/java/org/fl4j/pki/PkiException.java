package org.fl4j.pki;

/** A refused PKI operation or unusable PKI input; the message is meant for the user and names the cause. */
public class PkiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
