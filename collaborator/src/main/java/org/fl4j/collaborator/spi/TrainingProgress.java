package org.fl4j.collaborator.spi;

/**
 * Where a runner reports how far a training epoch has come, for a progress display. Called from the
 * training thread; implementations must be cheap (they are called once a minibatch).
 */
public interface TrainingProgress {

    /** Reports nothing. */
    TrainingProgress NONE = new TrainingProgress() {
        @Override
        public void epochStarted(String task, int epoch, int epochs, long samples) {
        }

        @Override
        public void samplesDone(long samples) {
        }

        @Override
        public void epochFinished(double loss) {
        }
    };

    /** Epoch {@code epoch} of {@code epochs} of {@code task} starts, over {@code samples} samples. */
    void epochStarted(String task, int epoch, int epochs, long samples);

    /** {@code samples} samples of the current epoch are done (a running total). */
    void samplesDone(long samples);

    /** The current epoch is done with this mean loss. */
    void epochFinished(double loss);
}
