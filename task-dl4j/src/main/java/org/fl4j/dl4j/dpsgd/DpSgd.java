package org.fl4j.dl4j.dpsgd;

import java.util.Objects;
import java.util.Random;
import java.util.function.LongConsumer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DP-SGD (Abadi et al. 2016) on a DL4J network. Each step draws a Poisson sample of the training set
 * ({@link PoissonSampler}, each example with probability {@code q = batch_size / N}), clips each sampled
 * example's gradient to L2 norm {@code C} ({@link LayerwiseClipping} where it applies, else
 * {@link PerExampleClipping}), sums them, adds Gaussian noise of standard deviation {@code sigma * C} to
 * every coordinate of the sum, divides by the expected batch size {@code q * N} and hands the result to the
 * network's own DL4J updater (SGD, Adam ...) as the step's gradient; the parameters then move by the update,
 * as in DL4J's {@code StochasticGradientDescent}. An epoch is {@code round(N / batch_size)} steps. With FedProx
 * ({@code mu > 0}) the proximal gradient {@code mu (w - w_global)}, which reads no record, is added after the
 * noise.
 *
 * <p>This is the mechanism the accountant's Poisson-subsampled Gaussian describes: one record changes the
 * clipped sum by at most C, and the noise is sigma times that. Not thread-safe.
 */
public final class DpSgd {

    private final Network network;
    private final DpSgdConfig settings;
    private final GaussianNoise noise;
    private final Random sampling;
    private final Clipping clipping;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    /**
     * @param noise the Gaussian noise (the privacy module's secure sampler)
     * @param sampling the randomness of the batches (a {@link java.security.SecureRandom})
     * @throws IllegalArgumentException naming a layer DP-SGD cannot train ({@link DpSgdSupport})
     */
    public DpSgd(Network network, DpSgdConfig settings, GaussianNoise noise, Random sampling) {
        this(network, settings, noise, sampling, null);
    }

    /** With a chosen clipping path (null: the batched one where it applies); for benchmarks and tests. */
    DpSgd(Network network, DpSgdConfig settings, GaussianNoise noise, Random sampling, Clipping clipping) {
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.noise = Objects.requireNonNull(noise, "noise");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        DpSgdSupport.check(network);
        this.clipping = clipping != null ? clipping : LayerwiseClipping.supports(network)
                ? new LayerwiseClipping(network) : new PerExampleClipping(network);
    }

    /** Whether this network gets the batched clipping path (otherwise one example at a time). */
    public boolean batchedClipping() {
        return clipping instanceof LayerwiseClipping;
    }

    /** The steps one epoch takes on {@code size} examples at {@code batchSize}. */
    public static Schedule schedule(int size, int batchSize) {
        return Schedule.of(size, batchSize);
    }

    /**
     * One epoch of DP-SGD on {@code data}.
     *
     * @param inputShape one example's shape as the network takes it
     * @param proximal FedProx's term, or null
     * @param samplesDone told the running count of examples sampled, after each step
     */
    public EpochStats epoch(LabeledData data, int[] inputShape, int batchSize, Proximal proximal,
            LongConsumer samplesDone) {
        return epoch(data, inputShape, batchSize, proximal, samplesDone, () -> { });
    }

    /**
     * One epoch of DP-SGD on {@code data}, running {@code afterStep} once the parameters have taken each step
     * (for post-processing of the iterates, such as averaging them).
     */
    public EpochStats epoch(LabeledData data, int[] inputShape, int batchSize, Proximal proximal,
            LongConsumer samplesDone, Runnable afterStep) {
        Schedule schedule = Schedule.of(data.size(), batchSize);
        PoissonSampler sampler = new PoissonSampler(data.size(), schedule.samplingRate(), sampling);
        double expectedBatch = schedule.samplingRate() * data.size();
        double clipNorm = clipTarget(settings.clipNorm(), settings.noiseMultiplier() * settings.clipNorm(),
                network.parameterCount());
        INDArray params = network.flatParams();
        INDArray gradient = network.flatGradients();
        INDArray sum = Nd4j.create(DataType.FLOAT, gradient.shape());
        float[] noisy = new float[(int) sum.length()];
        BaseMultiLayerUpdater<?> updater = network.updater();
        Clipping.BatchStats total = Clipping.BatchStats.EMPTY;
        for (long step = 0; step < schedule.steps(); step++) {
            int[] indices = sampler.next();
            sum.assign(0);
            if (indices.length > 0) {
                ExampleBatch batch = ExampleBatch.of(data, inputShape, indices);
                total = total.plus(clipping.addClipped(batch.features(), batch.labels(), clipNorm, sum));
            }
            sum.data().asNioFloat().get(0, noisy);
            noise.addTo(noisy, settings.noiseMultiplier() * settings.clipNorm());
            sum.data().asNioFloat().put(0, noisy);
            sum.divi(expectedBatch);
            if (proximal != null) {
                sum.addi(params.sub(proximal.global()).muli(proximal.mu()).reshape(sum.shape()));
            }
            gradient.assign(sum);
            int iteration = network.iterationCount();
            updater.update(new DefaultGradient(gradient), iteration, network.epochCount(), 1, workspaces);
            params.subi(gradient.reshape(params.shape()));
            network.setIterationCount(iteration + 1);
            afterStep.run();
            samplesDone.accept(total.examples());
        }
        return new EpochStats(schedule.steps(), total.examples(), total.clipped(),
                total.examples() == 0 ? Double.NaN : total.lossSum() / total.examples());
    }

    /**
     * The norm to clip to so that the noisy sum's sensitivity stays {@code clipNorm} even after the noise
     * sampler snaps each of the {@code d} coordinates by up to {@code s}: {@code clipNorm - 2 s sqrt(d)}
     * (neighbouring sums may snap apart by {@code 2s} a coordinate). About 1.8e-5 of the clip norm for
     * keras_cnn_mnist at noise multiplier 1.
     */
    private double clipTarget(double clipNorm, double stddev, long d) {
        double target = clipNorm - 2 * noise.snapping(stddev) * Math.sqrt(d);
        if (!(target > 0)) {
            throw new IllegalArgumentException("clip norm " + clipNorm + " leaves no room for the noise sampler's"
                    + " grid");
        }
        return target;
    }

    /** FedProx's proximal term {@code mu/2 |w - global|^2}; {@code global} is a copy of the flat parameters. */
    public record Proximal(double mu, INDArray global) {
    }

    /**
     * What an epoch did: its steps, the examples sampled over them, how many of those had their gradient
     * clipped, and their mean loss (before the step; local display only, not differentially private).
     */
    public record EpochStats(long steps, long examples, long clipped, double meanLoss) {
    }
}
