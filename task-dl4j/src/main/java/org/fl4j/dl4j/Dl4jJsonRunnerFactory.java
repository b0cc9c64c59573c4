package org.fl4j.dl4j;

/** {@code fl4j.dl4j.Dl4jJsonRunner}: trains a DL4J network configuration JSON. */
public final class Dl4jJsonRunnerFactory extends Dl4jRunnerFactory {

    public Dl4jJsonRunnerFactory() {
        super(Models.Kind.DL4J_JSON);
    }

    @Override
    public String description() {
        return "DL4J: trains a DL4J network configuration JSON";
    }
}
