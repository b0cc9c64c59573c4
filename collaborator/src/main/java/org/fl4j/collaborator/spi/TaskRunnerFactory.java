package org.fl4j.collaborator.spi;

/**
 * Creates task runners; found with {@link java.util.ServiceLoader}. The plan's
 * {@code task_runner.template} names the factory ({@link #template()}), so adding a runner means adding a
 * jar with a {@code META-INF/services/org.fl4j.collaborator.spi.TaskRunnerFactory} entry.
 */
public interface TaskRunnerFactory {

    /** The name a plan uses in {@code task_runner.template}, e.g. {@code fl4j.dl4j.KerasRunner}. */
    String template();

    /** One line for {@code fx} help and error messages. */
    String description();

    TaskRunner create(RunnerContext context) throws Exception;
}
