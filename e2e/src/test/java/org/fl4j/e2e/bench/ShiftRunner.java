package org.fl4j.e2e.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * A runner whose "training" adds a small pseudo-random change (at most 0.01 a value, inside secure aggregation's
 * clip range) to the global model: a benchmark of the runtime, not of training.
 */
final class ShiftRunner implements TaskRunner {

    private final SplittableRandom random;
    private final RoundClock clock;
    private ModelWeights weights;

    ShiftRunner(int params, int site, RoundClock clock) {
        this.random = new SplittableRandom(site);
        this.clock = clock;
        this.weights = BenchmarkClients.model(params, 0);
    }

    @Override
    public ModelWeights weights() {
        return weights;
    }

    @Override
    public void setWeights(ModelWeights global) {
        weights = new ModelWeights(global.tensors().stream()
                .map(t -> new Tensor(t.name(), t.shape(), t.values().clone())).toList());
    }

    @Override
    public TaskResult train(TaskContext context) {
        clock.trainingStarts(context.round());
        List<Tensor> tensors = weights.tensors();
        for (Tensor t : tensors) {
            float[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) ((random.nextDouble() - 0.5) * 0.02);
            }
        }
        return new TaskResult(Map.of("loss", 1.0), 100);
    }

    @Override
    public TaskResult validate(TaskContext context) {
        return new TaskResult(Map.of("accuracy", 0.5), 100);
    }

    @Override
    public long trainingSampleCount() {
        return 100;
    }

    @Override
    public long validationSampleCount() {
        return 100;
    }
}
