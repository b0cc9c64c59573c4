package org.fl4j.collaborator.spi;

import org.fl4j.protocol.model.ModelWeights;

/**
 * What a collaborator trains and validates with: the bridge between fl4j and a machine learning library.
 *
 * <p>A runner holds one model (its "local" weights) and the site's data. The collaborator loop drives it:
 * for tasks that apply to the global model it first calls {@link #setWeights}; {@link #train} changes the
 * local weights; {@link #weights} returns them for upload. Tensor names are stable across rounds and
 * sites ({@code <layer>/<param>}). Runners are used from one thread at a time.
 */
public interface TaskRunner extends AutoCloseable {

    /** The current local weights, in the runner's stable order. */
    ModelWeights weights();

    /**
     * Replaces the local weights with the given ones (the global model of a round). Tensors the runner
     * does not know, or of the wrong shape, are an {@link IllegalArgumentException} naming the tensor.
     * The runner copies the values: it must not keep the given arrays, which the collaborator reuses to
     * download the next round's model.
     */
    void setWeights(ModelWeights weights);

    /** Trains the local weights on the local training data; metrics include {@code loss}. */
    TaskResult train(TaskContext context);

    /** Validates the local weights on the local validation data; metrics include {@code accuracy}. */
    TaskResult validate(TaskContext context);

    /** Number of local training samples (the weight of this site's updates in FedAvg). */
    long trainingSampleCount();

    /** Number of local validation samples. */
    long validationSampleCount();

    /**
     * Where to report training progress (a console progress bar, say). Runners that cannot report ignore
     * it; the default reports nothing.
     */
    default void setProgress(TrainingProgress progress) {
    }

    /**
     * Switches this runner's training to DP-SGD (record-level differential privacy) with these settings, for
     * every following {@link #train}. Runners that cannot train with DP-SGD refuse (the default).
     *
     * @throws UnsupportedOperationException naming the runner, when it has no DP-SGD
     */
    default void useDpSgd(DpSgdConfig config) {
        throw new UnsupportedOperationException(noDpSgd());
    }

    /**
     * The Poisson sampling rate and number of steps {@link #train} takes under DP-SGD for this task (its
     * epochs and batch size over the local training records), without training. The accountant composes
     * exactly these.
     *
     * @throws UnsupportedOperationException naming the runner, when it has no DP-SGD
     */
    default DpSgdSteps dpSgdSteps(TaskContext context) {
        throw new UnsupportedOperationException(noDpSgd());
    }

    private String noDpSgd() {
        return "the task runner " + getClass().getSimpleName() + " cannot train with record-level differential"
                + " privacy (DP-SGD): use a DL4J runner (fl4j.dl4j.KerasRunner, Dl4jJsonRunner, JavaModelRunner)";
    }

    /**
     * Called after each round's tasks have run, or the round was abandoned: the next call, if any, is the next
     * round's {@link #setWeights}. A runner that borrows a model from a pool (a simulation's virtual site)
     * gives it back here; the default does nothing.
     */
    default void roundFinished() {
    }

    @Override
    default void close() {
    }
}
