package org.fl4j.dl4j;

import org.fl4j.collaborator.data.DataLoader;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskRunnerFactory;

/** What the three DL4J runner templates share: native setup, model, data, runner. */
abstract class Dl4jRunnerFactory implements TaskRunnerFactory {

    private final Models.Kind kind;

    Dl4jRunnerFactory(Models.Kind kind) {
        this.kind = kind;
    }

    @Override
    public String template() {
        return kind.template();
    }

    @Override
    public TaskRunner create(RunnerContext context) throws Exception {
        NativeSetup.configure(context.threads());
        ModelSpec spec = Models.build(kind, context.workspace(), context.taskRunnerSettings(), context.seed());
        LocalData data = DataLoader.load(context);
        return CandidateModels.wrap(new Dl4jTaskRunner(context.collaborator(), spec, data, runnerSettings(context),
                context.seed()), context.workspace(), context.taskRunnerSettings());
    }

    /** The task runner settings, with the data loader's {@code batch_size} when the runner sets none. */
    static org.fl4j.plan.Settings runnerSettings(RunnerContext context) {
        return Dl4jTaskRunner.siteSettings(context.taskRunnerSettings(), context.dataLoaderSettings());
    }
}
