package org.fl4j.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.segmentation.SegmentationSplit;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TrainingProgress;
import org.fl4j.dl4j.segmentation.DiceBceLoss;
import org.fl4j.dl4j.segmentation.OverlapCounts;
import org.fl4j.dl4j.segmentation.SegmentationBatches;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and validates a segmentation network (one sigmoid output channel per pixel, e.g. a U-Net ending in
 * a {@code CnnLossLayer} with {@link DiceBceLoss}) on a site's images and masks. Task kwargs (falling back to
 * {@code task_runner.settings}): {@code epochs} (1), {@code batch_size} (16). Validation reports, over all
 * validation pixels, {@code dice_<label>}, {@code iou_<label>}, {@code mean_iou} (background and foreground)
 * and {@code loss} (mean cross-entropy plus one minus the soft Dice, per minibatch, weighted by images).
 */
public final class SegmentationTaskRunner implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTaskRunner.class);

    private final String name;
    private final Network network;
    private final SegmentationSplit data;
    private final Settings settings;
    private final long seed;
    private final SegmentationBatches validation;
    private SegmentationBatches training;
    private boolean optimizerTensors;
    private TrainingProgress progress = TrainingProgress.NONE;

    public SegmentationTaskRunner(String name, ModelSpec spec, SegmentationSplit data, Settings settings, long seed)
            throws DataException {
        this.name = name;
        this.network = spec.network();
        this.data = data;
        this.settings = settings;
        this.seed = seed;
        this.validation = new SegmentationBatches(data.validation(), settings.getInt("batch_size", 16));
        checkFits(spec);
        OptimizerState.reset(network);
    }

    private void checkFits(ModelSpec spec) throws DataException {
        DataSet first = new SegmentationBatches(data.train().subset(new int[] {0}, "first"), 1).inOrder().get(0);
        INDArray out;
        try {
            out = network.output(first.getFeatures());
        } catch (RuntimeException e) {
            throw new DataException(data.train().source() + ": images of shape "
                    + java.util.Arrays.toString(data.train().imageShape()) + " do not fit the model " + spec.source()
                    + ": " + KerasModels.message(e), e);
        }
        if (!java.util.Arrays.equals(out.shape(), first.getLabels().shape())) {
            throw new DataException(data.train().source() + ": the model " + spec.source() + " outputs "
                    + java.util.Arrays.toString(out.shape()) + " for an image whose mask is "
                    + java.util.Arrays.toString(first.getLabels().shape()) + ": expected one sigmoid channel of the"
                    + " image's size");
        }
    }

    @Override
    public ModelWeights weights() {
        return NetworkWeights.export(network, optimizerTensors);
    }

    @Override
    public void setWeights(ModelWeights weights) {
        optimizerTensors |= NetworkWeights.load(network, weights);
    }

    @Override
    public void setProgress(TrainingProgress progress) {
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
    }

    @Override
    public TaskResult train(TaskContext context) {
        int epochs = context.kwargs().getInt("epochs", settings.getInt("epochs", 1));
        int batchSize = context.kwargs().getInt("batch_size", settings.getInt("batch_size", 16));
        if (context.optTreatment() == OptTreatment.RESET) {
            OptimizerState.reset(network);
        }
        optimizerTensors |= context.optTreatment() == OptTreatment.CONTINUE_GLOBAL;
        if (training == null || training.batchSize() != batchSize) {
            training = new SegmentationBatches(data.train(), batchSize);
        }
        double loss = Double.NaN;
        int pixels = data.train().height() * data.train().width();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            progress.epochStarted(context.task(), epoch, epochs, data.train().size());
            double sum = 0;
            long done = 0;
            for (DataSet batch : training.shuffled(seed * 1_000_003L + context.round() * 10_007L + epoch)) {
                network.fitEpoch(List.of(batch));
                int n = batch.numExamples();
                // DL4J's score of a CnnLossLayer is the summed per-pixel score over the images: per pixel of
                // an image it is DiceBceLoss's mean loss (SegmentationTaskRunnerTest checks this)
                sum += network.model().score() / pixels * n;
                done += n;
                progress.samplesDone(done);
            }
            loss = sum / done;
            progress.epochFinished(loss);
            LOG.info("{} round {} {}: epoch {}/{} loss {} ({} images in {} s)", name, context.round(), context.task(),
                    epoch, epochs, String.format("%.4f", loss), done,
                    String.format("%.2f", (System.nanoTime() - start) / 1e9));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        return new TaskResult(metrics, data.train().size());
    }

    @Override
    public TaskResult validate(TaskContext context) {
        OverlapCounts counts = new OverlapCounts();
        double loss = 0;
        int offset = 0;
        int pixels = data.validation().height() * data.validation().width();
        for (DataSet batch : validation.inOrder()) {
            INDArray p = network.output(batch.getFeatures());
            counts.add(p.dup('c').data().asFloat(), data.validation().masks(), offset * pixels);
            int n = batch.numExamples();
            loss += network.score(batch) / pixels * n;
            offset += n;
        }
        String label = data.validation().label();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("dice_" + label, counts.dice());
        metrics.put("iou_" + label, counts.iou());
        metrics.put("mean_iou", counts.meanIou());
        metrics.put("loss", offset == 0 ? 0 : loss / offset);
        LOG.info("{} round {} {}: dice_{} {} mean_iou {} ({} images)", name, context.round(), context.task(), label,
                String.format("%.4f", counts.dice()), String.format("%.4f", counts.meanIou()), offset);
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
