package org.fl4j.dl4j;

import java.util.Locale;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The optimizer and loss named in {@code task_runner.settings} with Keras' names: {@code optimizer} (adam,
 * sgd, nesterovs, rmsprop, adagrad), {@code learning_rate}, {@code momentum} (nesterovs), {@code weight_decay}
 * and {@code loss} (categorical_crossentropy, binary_crossentropy, mean_squared_error).
 */
final class TrainingConfig {

    static final String DEFAULT_OPTIMIZER = "adam";
    static final double DEFAULT_LEARNING_RATE = 1e-3;
    static final String DEFAULT_LOSS = "categorical_crossentropy";

    private TrainingConfig() {
    }

    /** True when the settings choose an optimizer or learning rate (so it overrides the model's own). */
    static boolean overridesUpdater(Settings s) {
        return s.has("optimizer") || s.has("learning_rate");
    }

    static IUpdater updater(Settings s) {
        String name = s.getString("optimizer", DEFAULT_OPTIMIZER).toLowerCase(Locale.ROOT);
        double lr = s.getDouble("learning_rate", DEFAULT_LEARNING_RATE);
        if (!(lr > 0)) {
            throw new SettingsException(s.path() + ".learning_rate must be > 0, found " + lr);
        }
        return switch (name) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr);
            case "nesterovs", "momentum" -> new Nesterovs(lr, s.getDouble("momentum", 0.9));
            case "rmsprop" -> new RmsProp(lr);
            case "adagrad" -> new AdaGrad(lr);
            default -> throw new SettingsException(s.path() + ".optimizer: unknown optimizer '" + name
                    + "': choose from adam, sgd, nesterovs, rmsprop, adagrad");
        };
    }

    /** {@code weight_decay} (decoupled, on the weights), or NaN when the settings do not set it. */
    static double weightDecay(Settings s) {
        if (!s.has("weight_decay")) {
            return Double.NaN;
        }
        double coeff = s.getDouble("weight_decay", 0);
        if (!(coeff >= 0)) {
            throw new SettingsException(s.path() + ".weight_decay must be >= 0, found " + coeff);
        }
        return coeff;
    }

    static ILossFunction loss(Settings s) {
        String name = s.getString("loss", DEFAULT_LOSS).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "categorical_crossentropy", "sparse_categorical_crossentropy", "mcxent" -> new LossMCXENT();
            case "binary_crossentropy", "xent" -> new LossBinaryXENT();
            case "mean_squared_error", "mse" -> new LossMSE();
            default -> throw new SettingsException(s.path() + ".loss: unknown loss '" + name + "': choose from"
                    + " categorical_crossentropy, binary_crossentropy, mean_squared_error");
        };
    }
}
