package org.fl4j.dl4j;

import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of the parameters over one train task's optimizer steps ({@code ema_decay}):
 * it starts at the weights the task starts from, becomes {@code a = decay a + (1 - decay) w} after every step
 * and replaces the weights when the task ends, so the site's update and its locally tuned model are the
 * average rather than the last iterate. Under DP-SGD the iterates are already private, so averaging them is
 * post-processing and leaves epsilon unchanged; it damps the noise of the last steps.
 */
final class IterateAverage {

    static final String KEY = "ema_decay";

    private final INDArray params;
    private final INDArray average;
    private final double decay;

    private IterateAverage(INDArray params, double decay) {
        this.params = params;
        this.decay = decay;
        this.average = params.dup();
    }

    /**
     * The average the task's {@code ema_decay} asks for (the kwarg, else {@code task_runner.settings}), or null
     * when it is 0 (the default: the last iterate).
     *
     * @param params the network's flat parameters (a view the optimizer updates in place)
     * @throws SettingsException naming the key when the decay is not in [0, 1)
     */
    static IterateAverage of(Settings kwargs, Settings settings, INDArray params) {
        Settings source = kwargs.has(KEY) ? kwargs : settings;
        double decay = source.getDouble(KEY, 0);
        if (!(decay >= 0 && decay < 1)) {
            throw new SettingsException(source.path() + "." + KEY + " must be at least 0 and below 1 (0: no"
                    + " averaging), found " + decay);
        }
        return decay == 0 ? null : new IterateAverage(params, decay);
    }

    /** Takes the parameters after an optimizer step into the average. */
    void step() {
        Nd4j.getBlasWrapper().level1().scal(average.length(), decay, average);
        Nd4j.getBlasWrapper().level1().axpy(params.length(), 1 - decay, params, average);
    }

    /** Replaces the parameters with the average. */
    void apply() {
        params.assign(average);
    }
}
