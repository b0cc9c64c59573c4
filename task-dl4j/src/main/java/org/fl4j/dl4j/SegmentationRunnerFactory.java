package org.fl4j.dl4j;

import org.fl4j.collaborator.data.segmentation.SegmentationLoader;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskRunnerFactory;

/**
 * {@code fl4j.dl4j.SegmentationRunner}: a Java ModelBuilder segmentation network ({@code model_class}, from
 * the workspace's code/ folder) trained on the site's segmentation data (docs/data.md, "Segmentation").
 */
public final class SegmentationRunnerFactory implements TaskRunnerFactory {

    @Override
    public String template() {
        return Models.Kind.SEGMENTATION.template();
    }

    @Override
    public String description() {
        return "DL4J: trains a segmentation network (a Java ModelBuilder, e.g. a U-Net) on images and masks";
    }

    @Override
    public TaskRunner create(RunnerContext context) throws Exception {
        NativeSetup.configure(context.threads());
        ModelSpec spec = Models.build(Models.Kind.SEGMENTATION, context.workspace(), context.taskRunnerSettings(),
                context.seed());
        return CandidateModels.wrap(new SegmentationTaskRunner(context.collaborator(), spec,
                SegmentationLoader.load(context), Dl4jRunnerFactory.runnerSettings(context), context.seed()),
                context.workspace(), context.taskRunnerSettings());
    }
}
