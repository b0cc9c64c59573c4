package org.fl4j.dl4j;

/** {@code fl4j.dl4j.JavaModelRunner}: trains a Java ModelBuilder class from the workspace's code/ folder or the class path. */
public final class JavaModelRunnerFactory extends Dl4jRunnerFactory {

    public JavaModelRunnerFactory() {
        super(Models.Kind.JAVA);
    }

    @Override
    public String description() {
        return "DL4J: trains a Java ModelBuilder class from the workspace's code/ folder or the class path";
    }
}
