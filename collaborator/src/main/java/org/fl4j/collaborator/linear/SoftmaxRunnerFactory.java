package org.fl4j.collaborator.linear;

import org.fl4j.collaborator.data.DataLoader;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskRunnerFactory;

/** Registers the pure-Java softmax regression runner as {@code fl4j.SoftmaxRegression}. */
public final class SoftmaxRunnerFactory implements TaskRunnerFactory {

    public static final String TEMPLATE = "fl4j.SoftmaxRegression";

    @Override
    public String template() {
        return TEMPLATE;
    }

    @Override
    public String description() {
        return "multinomial logistic regression in plain Java (no native libraries)";
    }

    @Override
    public TaskRunner create(RunnerContext context) throws Exception {
        return new SoftmaxRunner(DataLoader.load(context), context.taskRunnerSettings(), context.seed());
    }
}
