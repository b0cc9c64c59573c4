package org.fl4j.dl4j;

/** {@code fl4j.dl4j.KerasRunner}: trains a Keras 2 model (JSON configuration or .h5) imported with DL4J. */
public final class KerasRunnerFactory extends Dl4jRunnerFactory {

    public KerasRunnerFactory() {
        super(Models.Kind.KERAS);
    }

    @Override
    public String description() {
        return "DL4J: trains a Keras 2 model (JSON configuration or .h5) imported with DL4J";
    }
}
