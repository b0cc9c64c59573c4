package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * {@code learning_rate_decay}: the train task of round r (counted from 0) runs at every layer's own learning
 * rate times {@code decay^r}, so a federation can start with a large step and end with a small one. The rate
 * is set on the layers' optimizer configurations, which DL4J's updaters read at every step, for the task only:
 * {@link #restore} puts the model's own rates back after it (a simulation lends one model to a new runner each
 * round, which must find the rates of round 0). The optimizer state is untouched. Under DP-SGD the schedule
 * depends on the round alone, not on the data.
 */
final class RoundDecay {

    static final String KEY = "learning_rate_decay";

    private final List<IUpdater> updaters = new ArrayList<>();
    private final List<Double> rates = new ArrayList<>();
    private String scheduled;

    /** Takes {@code network}'s current rates as the rates of round 0. */
    RoundDecay(Network network) {
        Layer[] layers = network.layers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].conf() == null
                    || !(layers[i].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b)) {
                continue;
            }
            take(b.getIUpdater(), network.layerName(i));
            take(b.getBiasUpdater(), network.layerName(i));
        }
    }

    private void take(IUpdater updater, String layer) {
        if (updater == null || !updater.hasLearningRate()) {
            return;
        }
        double rate = updater.getLearningRate(0, 0);
        // A constant rate reads the same at any step; a schedule of the model's own does not.
        if (scheduled == null && rate != updater.getLearningRate(1_000_000, 1_000)) {
            scheduled = layer;
        }
        updaters.add(updater);
        rates.add(rate);
    }

    /**
     * Sets the rates for {@code round} as the task asks ({@code learning_rate_decay} in its kwargs, else in
     * {@code task_runner.settings}; 1, the default, keeps the rates of round 0) and returns their factor; call
     * {@link #restore} when the task ends.
     *
     * @throws SettingsException naming the key when the decay is not in (0, 1], or when a layer's optimizer
     *     has a learning-rate schedule of its own (the decay would replace it)
     */
    double apply(Settings kwargs, Settings settings, long round) {
        Settings source = kwargs.has(KEY) ? kwargs : settings;
        double decay = source.getDouble(KEY, 1);
        if (!(decay > 0 && decay <= 1)) {
            throw new SettingsException(source.path() + "." + KEY + " must be above 0 and at most 1 (1: the same"
                    + " learning rate every round), found " + decay);
        }
        if (decay == 1) {
            return 1;
        }
        if (scheduled != null) {
            throw new SettingsException(source.path() + "." + KEY + ": layer '" + scheduled + "' has a"
                    + " learning-rate schedule of its own, which the decay would replace: remove one of them");
        }
        double factor = Math.pow(decay, round);
        set(factor);
        return factor;
    }

    /** Puts the rates of round 0 back. */
    void restore() {
        if (scheduled == null) {
            set(1);
        }
    }

    private void set(double factor) {
        for (int i = 0; i < updaters.size(); i++) {
            updaters.get(i).setLrAndSchedule(rates.get(i) * factor, null);
        }
    }
}
