package org.fl4j.collaborator;

import java.util.List;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.TaskUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one round's tasks on the runner. Training starts from the round's global model; {@code apply: global}
 * validation runs on the global model, {@code apply: local} on the runner's current (locally trained)
 * weights. After a restart mid-round, a training whose result the aggregator holds, or refused (the task
 * failed for the round), is re-run locally (not sent) when a later task still to run validates the locally
 * trained model: that validation then measures what it would have measured without the restart.
 */
final class RoundTasks {

    private static final Logger LOG = LoggerFactory.getLogger(Collaborator.class);

    private final CollaboratorConfig config;
    private final TaskRunner runner;
    private long round;
    private ModelWeights global;
    private boolean localIsGlobal;
    private boolean trained;

    RoundTasks(CollaboratorConfig config, TaskRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    void startRound(long newRound, ModelWeights model) {
        this.round = newRound;
        this.global = model;
        this.localIsGlobal = false;
        this.trained = false;
    }

    /** Runs a task and returns the result to send. */
    TaskUpload run(String task) {
        TaskSpec spec = spec(task);
        TaskContext context = new TaskContext(config.name(), round, task, spec.kwargs(), config.optTreatment());
        if (spec.isTrain()) {
            useGlobal();
            TaskResult result = runner.train(context);
            localIsGlobal = false;
            trained = true;
            return new TaskUpload(round, task, result.sampleCount(), result.metrics(), runner.weights())
                    .withForwarded(result.forwarded());
        }
        if (spec.isValidate()) {
            if (spec.apply().orElse(TaskSpec.Apply.GLOBAL) == TaskSpec.Apply.GLOBAL) {
                useGlobal();
            }
            TaskResult result = runner.validate(context);
            return TaskUpload.metricsOnly(round, task, result.sampleCount(), result.metrics())
                    .withForwarded(result.forwarded());
        }
        throw new IllegalArgumentException("task '" + task + "' has function '" + spec.function()
                + "': task runners run train and validate");
    }

    /**
     * Re-runs a training the aggregator holds or refused ({@code refused}) locally, without sending it, when a
     * task of {@code later} that is still {@code pending} validates the local model.
     */
    void replayIfNeeded(String task, boolean refused, List<String> later, List<String> pending) {
        TaskSpec spec = spec(task);
        if (!spec.isTrain() || trained) {
            return;
        }
        boolean needed = later.stream().filter(pending::contains).map(this::spec)
                .anyMatch(s -> s.isValidate() && s.apply().orElse(TaskSpec.Apply.GLOBAL) == TaskSpec.Apply.LOCAL);
        if (needed) {
            LOG.info("Re-running {} of round {} locally: the aggregator {} its result, a later task needs the"
                    + " locally trained model", task, round, refused ? "refused" : "already holds");
            run(task);
        }
    }

    private void useGlobal() {
        if (!localIsGlobal) {
            runner.setWeights(global);
            localIsGlobal = true;
        }
    }

    private TaskSpec spec(String task) {
        TaskSpec spec = config.tasks().get(task);
        if (spec == null) {
            throw new IllegalArgumentException("the aggregator assigned task '" + task + "', which this plan does not"
                    + " define (do both sites hold the same plan?)");
        }
        return spec;
    }
}
