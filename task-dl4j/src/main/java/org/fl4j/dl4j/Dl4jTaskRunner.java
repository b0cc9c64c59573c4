package org.fl4j.dl4j;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.data.images.Augmentation;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.DpSgdSteps;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TrainingProgress;
import org.fl4j.dl4j.dpsgd.DpSgd;
import org.fl4j.dl4j.dpsgd.GaussianNoise;
import org.fl4j.dl4j.dpsgd.Schedule;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and validates one DL4J network on a site's data. Task kwargs (falling back to
 * {@code task_runner.settings}): {@code epochs} (1), {@code batch_size} (32), {@code mu} (FedProx proximal
 * term, 0 = plain FedAvg), {@code augment} (false: when true, each epoch trains on the square images under a
 * random flip and 90-degree rotation each, drawn from the epoch's seed; validation is never augmented),
 * {@code ema_decay} (0: when above, the task ends on an exponential moving average of its iterates,
 * {@link IterateAverage}), {@code learning_rate_decay} (1: round r trains at the rates times its r-th power,
 * {@link RoundDecay}).
 * Training shuffles each epoch with a seed drawn from the plan's seed, the round and
 * the epoch. With {@code CONTINUE_GLOBAL} the optimizer state travels as {@code opt/...} tensors. After
 * {@link #useDpSgd} training is DP-SGD ({@link DpSgd}): Poisson-sampled batches of expected size
 * {@code batch_size} from a SecureRandom, {@code round(N / batch_size)} steps an epoch, per-example clipping
 * and the privacy module's secure Gaussian noise, then the same DL4J updater.
 */
public final class Dl4jTaskRunner implements TaskRunner {

    static final int VALIDATION_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Dl4jTaskRunner.class);

    private final Network network;
    private final String name;
    private TrainingProgress progress = TrainingProgress.NONE;
    private final Settings settings;
    private final long seed;
    private final LocalData data;
    private final int[] inputShape;
    private final Batches validation;
    private Batches training;
    private boolean optimizerTensors;
    private boolean augmented;
    private DpSgd dpSgd;
    private final RoundDecay roundDecay;

    /**
     * The settings a site's runner gets: {@code task_runner.settings}, with {@code data_loader.settings.batch_size}
     * when they set no {@code batch_size} of their own.
     */
    public static Settings siteSettings(Settings taskRunner, Settings dataLoader) {
        if (taskRunner.has("batch_size") || !dataLoader.has("batch_size")) {
            return taskRunner;
        }
        Map<String, Object> merged = new LinkedHashMap<>(taskRunner.asMap());
        merged.put("batch_size", dataLoader.asMap().get("batch_size"));
        return new Settings(taskRunner.path(), merged);
    }

    /** A runner for {@code spec} on {@code data}; samples that do not fit the model are an error naming both. */
    public Dl4jTaskRunner(String name, ModelSpec spec, LocalData data, Settings settings, long seed)
            throws DataException {
        this.network = spec.network();
        this.name = name;
        this.settings = settings;
        this.seed = seed;
        this.data = data;
        this.inputShape = InputShapes.resolve(spec.inputShape(), data.train().sampleShape(), data.train().source(),
                spec.source());
        this.validation = new Batches(data.validation(), inputShape, VALIDATION_BATCH);
        checkFits(spec);
        OptimizerState.reset(network);
        this.roundDecay = new RoundDecay(network);
    }

    private void checkFits(ModelSpec spec) throws DataException {
        INDArray out;
        try {
            out = network.output(new Batches(data.train(), inputShape, 1).inOrder().get(0).getFeatures());
        } catch (RuntimeException e) {
            throw new DataException(data.train().source() + ": samples of shape "
                    + java.util.Arrays.toString(data.train().sampleShape()) + " do not fit the model " + spec.source()
                    + ": " + KerasModels.message(e), e);
        }
        if (out.size(1) != data.train().classCount()) {
            throw new DataException(data.train().source() + ": the data has " + data.train().classCount()
                    + " classes but the model " + spec.source() + " outputs " + out.size(1));
        }
    }

    /** The network being trained. */
    public Network network() {
        return network;
    }

    @Override
    public ModelWeights weights() {
        return NetworkWeights.export(network, optimizerTensors);
    }

    @Override
    public void setWeights(ModelWeights weights) {
        if (NetworkWeights.load(network, weights)) {
            optimizerTensors = true;
        }
    }

    @Override
    public void setProgress(TrainingProgress progress) {
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void useDpSgd(DpSgdConfig config) {
        try {
            dpSgd = new DpSgd(network, config, GaussianNoise.secure(), new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": record-level differential privacy: " + e.getMessage(), e);
        }
        LOG.info("{}: training with DP-SGD, noise multiplier {}, clip norm {}, {} per-example clipping", name,
                config.noiseMultiplier(), config.clipNorm(), dpSgd.batchedClipping() ? "batched"
                        : "one-example-at-a-time (slower: the network has layers the batched path does not know)");
    }

    @Override
    public DpSgdSteps dpSgdSteps(TaskContext context) {
        return dpSgdSteps(data.train().size(), settings, context);
    }

    /**
     * The DP-SGD steps a runner with these {@code task_runner.settings} takes for {@code context}'s task on
     * {@code records} training records, for callers that have no runner yet (a simulation's virtual site).
     */
    public static DpSgdSteps dpSgdSteps(int records, Settings settings, TaskContext context) {
        Schedule epoch = DpSgd.schedule(records, batchSize(settings, context));
        return new DpSgdSteps(epoch.samplingRate(),
                Math.multiplyExact(epoch.steps(), (long) epochs(settings, context)));
    }

    private int epochs(TaskContext context) {
        return epochs(settings, context);
    }

    private int batchSize(TaskContext context) {
        return batchSize(settings, context);
    }

    private static int epochs(Settings settings, TaskContext context) {
        return context.kwargs().getInt("epochs", settings.getInt("epochs", 1));
    }

    private static int batchSize(Settings settings, TaskContext context) {
        return context.kwargs().getInt("batch_size", settings.getInt("batch_size", 32));
    }

    @Override
    public TaskResult train(TaskContext context) {
        Settings kwargs = context.kwargs();
        int epochs = epochs(context);
        int batchSize = batchSize(context);
        double mu = kwargs.getDouble("mu", settings.getDouble("mu", 0));
        if (context.optTreatment() == OptTreatment.RESET) {
            OptimizerState.reset(network);
        }
        optimizerTensors |= context.optTreatment() == OptTreatment.CONTINUE_GLOBAL;
        IterateAverage average = IterateAverage.of(kwargs, settings, network.flatParams());
        double rateFactor = roundDecay.apply(kwargs, settings, context.round());
        if (rateFactor != 1) {
            LOG.info("{} round {} {}: learning rates x{} (learning_rate_decay)", name, context.round(), context.task(),
                    String.format("%.4f", rateFactor));
        }
        try {
            return dpSgd != null ? trainDpSgd(context, epochs, batchSize, mu, average)
                    : trainPlain(context, epochs, batchSize, mu, average);
        } finally {
            roundDecay.restore();
        }
    }

    private TaskResult trainPlain(TaskContext context, int epochs, int batchSize, double mu, IterateAverage average) {
        Settings kwargs = context.kwargs();
        boolean augment = kwargs.getBoolean("augment", settings.getBoolean("augment", false));
        if (augment && inputShape.length != 3) {
            throw new IllegalArgumentException(name + ": augment needs image samples [channels, n, n], the model"
                    + " takes " + java.util.Arrays.toString(inputShape));
        }
        if (!augment && (training == null || training.batchSize() != batchSize || augmented)) {
            training = new Batches(data.train(), inputShape, batchSize);
        }
        augmented = augment;
        EpochLoss epochLoss = new EpochLoss(progress, average);
        network.setListeners(mu > 0 ? List.of(new ProximalTerm(mu, network.flatParams().dup()), epochLoss)
                : List.of(epochLoss));
        double loss = Double.NaN;
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                if (augment) {
                    training = new Batches(Augmentation.flipsAndRotations(data.train(),
                            epochSeed(context.round(), epoch) ^ 0x5DEECE66DL), inputShape, batchSize);
                }
                List<DataSet> batches = training.shuffled(epochSeed(context.round(), epoch));
                progress.epochStarted(context.task(), epoch, epochs, training.sampleCount());
                epochLoss.start(batches);
                network.fitEpoch(batches);
                loss = epochLoss.mean();
                progress.epochFinished(loss);
                double seconds = (System.nanoTime() - start) / 1e9;
                LOG.info("{} round {} {}: epoch {}/{} loss {} ({} samples in {} s, {} samples/s)", name,
                        context.round(), context.task(), epoch, epochs, String.format("%.4f", loss),
                        training.sampleCount(), String.format("%.2f", seconds),
                        Math.round(training.sampleCount() / seconds));
            }
        } finally {
            network.setListeners(List.of());
        }
        if (average != null) {
            average.apply();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        return new TaskResult(metrics, training.sampleCount());
    }

    private TaskResult trainDpSgd(TaskContext context, int epochs, int batchSize, double mu,
            IterateAverage average) {
        DpSgd.Proximal proximal = mu > 0 ? new DpSgd.Proximal(mu, network.flatParams().dup()) : null;
        double loss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            progress.epochStarted(context.task(), epoch, epochs, data.train().size());
            DpSgd.EpochStats stats = dpSgd.epoch(data.train(), inputShape, batchSize, proximal, progress::samplesDone,
                    average == null ? () -> { } : average::step);
            loss = stats.meanLoss();
            progress.epochFinished(loss);
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.info("{} round {} {}: DP-SGD epoch {}/{} loss {} ({} steps, {} samples drawn, {}% of them clipped,"
                    + " in {} s)", name, context.round(), context.task(), epoch, epochs, String.format("%.4f", loss),
                    stats.steps(), stats.examples(), stats.examples() == 0 ? 0
                            : Math.round(100.0 * stats.clipped() / stats.examples()),
                    String.format("%.2f", seconds));
        }
        if (average != null) {
            average.apply();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        return new TaskResult(metrics, data.train().size());
    }

    /** Mean minibatch loss of an epoch, weighted by batch size (DL4J's score is the batch mean). */
    private static final class EpochLoss extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        private final TrainingProgress progress;
        private final IterateAverage average;
        private List<DataSet> batches;
        private int next;
        private double sum;
        private long samples;

        EpochLoss(TrainingProgress progress, IterateAverage average) {
            this.progress = progress;
            this.average = average;
        }

        void start(List<DataSet> epochBatches) {
            batches = epochBatches;
            next = 0;
            sum = 0;
            samples = 0;
        }

        @Override
        public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
            int n = batches.get(next++).numExamples();
            sum += model.score() * n;
            samples += n;
            if (average != null) {
                average.step();
            }
            progress.samplesDone(samples);
        }

        double mean() {
            return samples == 0 ? Double.NaN : sum / samples;
        }
    }

    private long epochSeed(long round, int epoch) {
        return seed * 1_000_003L + round * 10_007L + epoch;
    }

    @Override
    public TaskResult validate(TaskContext context) {
        long correct = 0;
        double loss = 0;
        int[] labels = data.validation().labels();
        int offset = 0;
        for (DataSet batch : validation.inOrder()) {
            INDArray predicted = network.output(batch.getFeatures()).argMax(1);
            int n = batch.numExamples();
            for (int i = 0; i < n; i++) {
                if (predicted.getInt(i) == labels[offset + i]) {
                    correct++;
                }
            }
            loss += network.score(batch) * n;
            offset += n;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", offset == 0 ? 0 : (double) correct / offset);
        metrics.put("loss", offset == 0 ? 0 : loss / offset);
        LOG.info("{} round {} {}: accuracy {} loss {} ({} samples)", name, context.round(), context.task(),
                String.format("%.4f", metrics.get("accuracy")), String.format("%.4f", metrics.get("loss")), offset);
        return new TaskResult(metrics, offset);
    }

    @Override
    public long trainingSampleCount() {
        return data.train().size();
    }

    @Override
    public long validationSampleCount() {
        return data.validation().size();
    }
}
