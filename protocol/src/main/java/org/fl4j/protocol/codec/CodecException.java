package org.fl4j.protocol.codec;

/** Encoded data or codec parameters that do not fit together; the message names the stage and what was wrong. */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }
}
