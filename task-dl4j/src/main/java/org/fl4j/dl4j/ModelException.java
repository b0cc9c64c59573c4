package org.fl4j.dl4j;

import java.io.IOException;

/**
 * A model definition that cannot be used: a file that does not parse, a layer DL4J cannot import, a Java
 * model class that does not compile or build. The message names the file (or class) and what is wrong.
 */
public class ModelException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
