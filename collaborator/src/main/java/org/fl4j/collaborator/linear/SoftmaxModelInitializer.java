package org.fl4j.collaborator.linear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.fl4j.plan.ModelInitializer;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;

/**
 * Writes the round-0 model of a {@code fl4j.SoftmaxRegression} plan for {@code fx plan initialize}: zero
 * weights of {@code task_runner.settings.features} (784) by {@code classes} (10), no data needed.
 */
public final class SoftmaxModelInitializer implements ModelInitializer {

    @Override
    public String template() {
        return SoftmaxRunnerFactory.TEMPLATE;
    }

    @Override
    public void initialize(Path workspace, Plan plan) throws IOException {
        var settings = plan.taskRunner().settings();
        SoftmaxModel model = new SoftmaxModel(SoftmaxRunner.features(settings), SoftmaxRunner.classes(settings));
        ModelFile.write(workspace.resolve(plan.aggregator().initStatePath()), new SavedModel(0,
                Map.of("plan_hash", plan.hash(), "task_runner", template(), "seed",
                        Long.toString(plan.aggregator().seed())), model.weights()));
    }
}
