package org.fl4j.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.aggregator.round.SubtreeRound;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskSkippedException;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * The task runner of an intermediate aggregator's collaborator side: its "training" is a round of its children.
 * The first task of a round hands the parent's global model to the {@link Subtree}, which runs the same round for
 * the children and returns once it closes; every task of the round then answers from that round's outcome: the
 * children's weighted mean metrics and total samples, their own results to forward, and for the train task their
 * weighted average, weighted by their total weight. A task no child delivered is skipped (not sent). Used from
 * one thread at a time, as every runner.
 */
final class SubtreeRunner implements TaskRunner {

    private final String name;
    private final Subtree subtree;
    /** The round's global model, copied from the download, until the subtree takes it. */
    private ModelWeights global;
    private SubtreeRound outcome;

    SubtreeRunner(String name, Subtree subtree) {
        this.name = name;
        this.subtree = subtree;
    }

    @Override
    public void setWeights(ModelWeights weights) {
        List<Tensor> copy = new ArrayList<>(weights.tensorCount());
        for (Tensor t : weights.tensors()) {
            copy.add(new Tensor(t.name(), t.shape(), t.values().clone()));
        }
        global = new ModelWeights(copy);
    }

    @Override
    public ModelWeights weights() {
        if (outcome == null || outcome.averaged().isEmpty()) {
            throw new IllegalStateException("intermediate aggregator " + name + " holds no average of its children");
        }
        return outcome.averaged().get();
    }

    @Override
    public TaskResult train(TaskContext context) {
        SubtreeRound round = roundOf(context);
        if (round.averaged().isEmpty()) {
            throw new TaskSkippedException("no child of intermediate aggregator " + name + " delivered a training"
                    + " result in round " + context.round());
        }
        SubtreeRound.TaskOutcome task = round.task(context.task())
                .orElse(new SubtreeRound.TaskOutcome(Map.of(), round.trainingSamples(), List.of()));
        return new TaskResult(task.metrics(), round.trainingSamples(), task.forwarded());
    }

    @Override
    public TaskResult validate(TaskContext context) {
        SubtreeRound.TaskOutcome task = roundOf(context).task(context.task())
                .orElseThrow(() -> new TaskSkippedException("no child of intermediate aggregator " + name
                        + " delivered " + context.task() + " in round " + context.round()));
        return new TaskResult(task.metrics(), task.sampleCount(), task.forwarded());
    }

    /** The outcome of the children's round {@code context.round()}, running it first if needed. */
    private SubtreeRound roundOf(TaskContext context) {
        if (outcome != null && outcome.round() == context.round()) {
            return outcome;
        }
        if (global == null) {
            throw new IllegalStateException("intermediate aggregator " + name + " has no model of round "
                    + context.round() + " to hand to its children");
        }
        ModelWeights model = global;
        global = null;
        outcome = null;
        try {
            outcome = subtree.run(context.round(), model);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the children ran round " + context.round(), e);
        }
        return outcome;
    }

    @Override
    public long trainingSampleCount() {
        return outcome == null ? 0 : outcome.trainingSamples();
    }

    @Override
    public long validationSampleCount() {
        return outcome == null ? 0 : outcome.tasks().values().stream().mapToLong(SubtreeRound.TaskOutcome::sampleCount)
                .max().orElse(0);
    }

    @Override
    public void roundFinished() {
        outcome = null;
        global = null;
    }
}
