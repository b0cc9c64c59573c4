package org.fl4j.collaborator.linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;

/**
 * A {@link TaskRunner} in plain Java: multinomial logistic regression on the site's data (MNIST pixels, or
 * any {@link LocalData}). Tensors {@code softmax/W} [features, classes] and {@code softmax/b} [classes],
 * zero-initialised; {@code task_runner.settings.features} (784) and {@code classes} (10) size them. {@code train} kwargs: {@code epochs} (1), {@code batch_size} (32), {@code learning_rate}
 * (from {@code task_runner.settings.learning_rate}, default 0.1); settings also take {@code l2} (0). Metrics:
 * {@code loss} and {@code accuracy} (alias {@code acc}). Plain gradient descent keeps no optimizer state, so
 * every {@code opt_treatment} behaves alike. Shuffles are seeded by the plan seed, the collaborator, the
 * round and the epoch: the same round trains to the same weights every time.
 */
final class SoftmaxRunner implements TaskRunner {

    private final LocalData data;
    private final SoftmaxModel model;
    private final Settings settings;
    private final long seed;

    SoftmaxRunner(LocalData data, Settings settings, long seed) {
        this.data = data;
        this.settings = settings;
        this.seed = seed;
        int features = features(settings);
        int classes = classes(settings);
        if (data.train().sampleSize() != features || data.train().classCount() > classes) {
            throw new IllegalArgumentException(settings.path() + ": the model takes " + features + " features and "
                    + classes + " classes, the data " + data.train() + " has " + data.train().sampleSize()
                    + " features and " + data.train().classCount() + " classes");
        }
        this.model = new SoftmaxModel(features, classes);
        settings.getDouble("learning_rate", 0.1);
        settings.getDouble("l2", 0);
    }

    /** {@code features}: inputs of the model (default 784, MNIST's 28x28 pixels). */
    static int features(Settings settings) {
        return positive(settings, "features", 784);
    }

    /** {@code classes}: outputs of the model (default 10). */
    static int classes(Settings settings) {
        return positive(settings, "classes", 10);
    }

    private static int positive(Settings settings, String key, int fallback) {
        int v = settings.getInt(key, fallback);
        if (v < 1) {
            throw new IllegalArgumentException(settings.path() + "." + key + " must be > 0, found " + v);
        }
        return v;
    }

    @Override
    public ModelWeights weights() {
        return model.weights();
    }

    @Override
    public void setWeights(ModelWeights weights) {
        model.setWeights(weights);
    }

    @Override
    public TaskResult train(TaskContext context) {
        Settings kw = context.kwargs();
        int epochs = kw.getInt("epochs", 1);
        int batch = kw.getInt("batch_size", 32);
        double lr = kw.getDouble("learning_rate", settings.getDouble("learning_rate", 0.1));
        double l2 = settings.getDouble("l2", 0);
        if (epochs < 1 || batch < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("task " + context.task() + ": epochs and batch_size must be >= 1 and"
                    + " learning_rate > 0, found " + epochs + ", " + batch + ", " + lr);
        }
        double loss = 0;
        for (int e = 0; e < epochs; e++) {
            Random random = new Random(mix(seed, context.collaborator(), context.round(), e));
            loss = model.epoch(data.train(), batch, lr, l2, random);
        }
        double[] eval = null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String m : requested(context, "loss")) {
            if (m.equals("loss")) {
                metrics.put(m, loss);
            } else {
                eval = eval != null ? eval : model.evaluate(data.train());
                metrics.put(m, eval[0]);
            }
        }
        return new TaskResult(metrics, data.train().size());
    }

    @Override
    public TaskResult validate(TaskContext context) {
        double[] eval = model.evaluate(data.validation());
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String m : requested(context, "accuracy")) {
            metrics.put(m, m.equals("loss") ? eval[1] : eval[0]);
        }
        return new TaskResult(metrics, data.validation().size());
    }

    private static List<String> requested(TaskContext context, String fallback) {
        List<String> names = context.kwargs().getList("metrics").stream().map(String::valueOf).toList();
        for (String n : names) {
            String m = n.toLowerCase(Locale.ROOT);
            if (!m.equals("loss") && !m.equals("accuracy") && !m.equals("acc")) {
                throw new IllegalArgumentException("task " + context.task() + ": metric '" + n
                        + "' is not one the softmax runner computes (accuracy, acc, loss)");
            }
        }
        return names.isEmpty() ? List.of(fallback) : names;
    }

    @Override
    public long trainingSampleCount() {
        return data.train().size();
    }

    @Override
    public long validationSampleCount() {
        return data.validation().size();
    }

    static long mix(long seed, String collaborator, long round, int epoch) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ collaborator.hashCode()) * 0xBF58476D1CE4E5B9L;
        h = (h ^ round) * 0x94D049BB133111EBL;
        return h ^ epoch;
    }
}
