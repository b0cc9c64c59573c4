package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TrainingProgress;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federated evaluation of K candidate models (the FeTS challenge's task 2): {@code task_runner.settings.candidates}
 * lists fl4j model files (relative to the workspace, so they travel with it); every validation evaluates each
 * candidate in turn on the site's validation data and reports its metrics as {@code <candidate>/<metric>}
 * (the candidate named by its file name without {@code .fl4j}), then puts back the weights it was given. Every
 * candidate is loaded and checked against the plan's model when the runner starts: a file whose tensors do
 * not fit is an error naming it.
 */
final class CandidateModels implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateModels.class);

    private final TaskRunner runner;
    private final Map<String, ModelWeights> candidates;

    private CandidateModels(TaskRunner runner, Map<String, ModelWeights> candidates) {
        this.runner = runner;
        this.candidates = candidates;
    }

    /** The runner itself without {@code candidates}, else a runner that evaluates them. */
    static TaskRunner wrap(TaskRunner runner, Path workspace, Settings settings) throws IOException {
        List<String> files = settings.getList("candidates").stream().map(String::valueOf).toList();
        if (files.isEmpty()) {
            return runner;
        }
        ModelWeights initial = runner.weights();
        Map<String, ModelWeights> loaded = new LinkedHashMap<>();
        for (String f : files) {
            Path file = workspace.resolve(f).normalize();
            if (!Files.isRegularFile(file)) {
                throw new ModelException(settings.path() + ".candidates: no such model file: " + file);
            }
            String name = file.getFileName().toString().replaceFirst("\\.fl4j$", "");
            List<Tensor> model = ModelFile.read(file).weights().tensors().stream()
                    .filter(t -> !OptimizerState.isOptimizerTensor(t.name())).toList();
            ModelWeights weights = new ModelWeights(model);
            try {
                runner.setWeights(weights);
            } catch (IllegalArgumentException e) {
                throw new ModelException(settings.path() + ".candidates: " + file + " does not fit the plan's model: "
                        + e.getMessage(), e);
            }
            if (loaded.put(name, weights) != null) {
                throw new ModelException(settings.path() + ".candidates: two candidates are named " + name);
            }
        }
        runner.setWeights(initial);
        return new CandidateModels(runner, loaded);
    }

    @Override
    public TaskResult validate(TaskContext context) {
        ModelWeights given = runner.weights();
        Map<String, Double> metrics = new LinkedHashMap<>();
        long samples = 0;
        try {
            for (Map.Entry<String, ModelWeights> c : candidates.entrySet()) {
                runner.setWeights(c.getValue());
                TaskResult r = runner.validate(context);
                r.metrics().forEach((metric, value) -> metrics.put(c.getKey() + "/" + metric, value));
                samples = r.sampleCount();
                LOG.info("candidate {}: {}", c.getKey(), r.metrics());
            }
        } finally {
            runner.setWeights(given);
        }
        return new TaskResult(metrics, samples);
    }

    /** The candidates' names, in the plan's order. */
    List<String> names() {
        return new ArrayList<>(candidates.keySet());
    }

    @Override
    public ModelWeights weights() {
        return runner.weights();
    }

    @Override
    public void setWeights(ModelWeights weights) {
        runner.setWeights(weights);
    }

    @Override
    public TaskResult train(TaskContext context) {
        throw new IllegalStateException("task_runner.settings.candidates makes a federation evaluate its candidate"
                + " models only: give it no train task");
    }

    @Override
    public void setProgress(TrainingProgress progress) {
        runner.setProgress(progress);
    }

    @Override
    public long trainingSampleCount() {
        return runner.trainingSampleCount();
    }

    @Override
    public long validationSampleCount() {
        return runner.validationSampleCount();
    }

    @Override
    public void roundFinished() {
        runner.roundFinished();
    }

    @Override
    public void close() {
        runner.close();
    }
}
