package org.fl4j.dl4j.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.dl4j.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class DpSgdTest {

    private static final java.util.function.LongConsumer IGNORE = n -> { };

    private static DataSet all(LabeledData data) {
        int[] idx = java.util.stream.IntStream.range(0, data.size()).toArray();
        ExampleBatch b = ExampleBatch.of(data, Nets.FLAT, idx);
        return new DataSet(b.features(), b.labels());
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static void noNoiseFullBatch_equalsPlainFullBatch(IUpdater updater) throws Exception {
        LabeledData data = Nets.digits(64);
        Network dp = Nets.mlp(8, updater, 21);
        Network plain = Nets.mlp(8, updater, 21);
        for (Network n : new Network[] {dp, plain}) {
            // DL4J leaves a new updater's state uninitialised until its first fit (the runner zeroes it too).
            INDArray state = n.updater().getStateViewArray();
            if (state != null) {
                state.assign(0);
            }
        }
        DpSgd sgd = new DpSgd(dp, new DpSgdConfig(0, 1e30), Nets.testNoise(1), new Random(1));
        for (int epoch = 0; epoch < 3; epoch++) {
            DpSgd.EpochStats stats = sgd.epoch(data, Nets.FLAT, 64, null, IGNORE);
            ((MultiLayerNetwork) plain.model()).fit(all(data));
            assertThat(stats.steps()).isOne();
            assertThat(stats.examples()).isEqualTo(64);
        }

        assertThat(sgd.batchedClipping()).isTrue();
        assertThat(maxDifference(dp.flatParams(), Nets.mlp(8, updater, 21).flatParams())).isGreaterThan(1e-3);
        assertThat(maxDifference(dp.flatParams(), plain.flatParams())).isLessThan(1e-5);
    }

    @Test
    void epoch_noNoiseHugeClipWholeSetBatch_equalsPlainFullBatchSgd() throws Exception {
        noNoiseFullBatch_equalsPlainFullBatch(new Sgd(0.5));
    }

    @Test
    void epoch_noNoiseHugeClipWholeSetBatch_equalsPlainFullBatchAdam() throws Exception {
        noNoiseFullBatch_equalsPlainFullBatch(new Adam(0.01));
    }

    @Test
    void epoch_computationGraph_noNoiseFullBatch_equalsPlainFullBatch() throws Exception {
        LabeledData data = Nets.digits(32);
        Network dp = graph(5);
        Network plain = graph(5);
        DpSgd sgd = new DpSgd(dp, new DpSgdConfig(0, 1e30), Nets.testNoise(1), new Random(1));
        sgd.epoch(data, Nets.FLAT, 32, null, IGNORE);
        sgd.epoch(data, Nets.FLAT, 32, null, IGNORE);
        ((ComputationGraph) plain.model()).fit(all(data));
        ((ComputationGraph) plain.model()).fit(all(data));

        assertThat(sgd.batchedClipping()).isFalse();
        assertThat(maxDifference(dp.flatParams(), plain.flatParams())).isLessThan(1e-5);
    }

    @Test
    void epoch_noise_hasStdSigmaTimesClipOverExpectedBatch() throws Exception {
        LabeledData data = Nets.digits(64);
        // batch 43 of 64: one step an epoch (round(64 / 43)), expected batch size 43.
        Network quiet = Nets.mlp(8, new Sgd(1.0), 9);
        Network noisy = Nets.mlp(8, new Sgd(1.0), 9);
        INDArray start = quiet.flatParams().dup();
        double sigma = 2;
        double clip = 0.5;
        new DpSgd(quiet, new DpSgdConfig(0, clip), Nets.testNoise(5), new Random(77))
                .epoch(data, Nets.FLAT, 43, null, IGNORE);
        new DpSgd(noisy, new DpSgdConfig(sigma, clip), Nets.testNoise(5), new Random(77))
                .epoch(data, Nets.FLAT, 43, null, IGNORE);

        // Same batch (same sampling seed), same clipped sum: the steps differ by the noise over 43 only.
        INDArray noise = quiet.flatParams().sub(noisy.flatParams());
        double expected = sigma * clip / 43;
        assertThat(maxDifference(quiet.flatParams(), start)).isGreaterThan(1e-4);
        assertThat(noise.stdNumber().doubleValue()).isBetween(expected * 0.97, expected * 1.03);
        assertThat(Math.abs(noise.meanNumber().doubleValue())).isLessThan(expected * 0.05);
    }

    @Test
    void epoch_poissonBatches_averageTheExpectedBatchSize() throws Exception {
        LabeledData data = Nets.digits(400);
        DpSgd sgd = new DpSgd(Nets.mlp(4, new Sgd(0.01), 1), new DpSgdConfig(1, 1), Nets.testNoise(2),
                new Random(3));
        long examples = 0;
        long steps = 0;
        for (int e = 0; e < 10; e++) {
            DpSgd.EpochStats stats = sgd.epoch(data, Nets.FLAT, 20, null, IGNORE);
            examples += stats.examples();
            steps += stats.steps();
        }
        // 200 steps of Binomial(400, 0.05): 4000 examples expected, standard deviation 62.
        assertThat(steps).isEqualTo(200);
        assertThat(examples).isBetween(3750L, 4250L);
    }

    @Test
    void create_batchNormalization_isRefusedNamingTheLayer() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(784).nOut(8).build())
                .layer(new BatchNormalization.Builder().name("norm").nOut(8).build())
                .layer(new OutputLayer.Builder().name("out").nIn(8).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        assertThatThrownBy(() -> new DpSgd(new Network(net), new DpSgdConfig(1, 1), Nets.testNoise(1),
                new Random(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layer 'norm' (BatchNormalization) normalises over the batch");
    }

    @Test
    void create_gradientNormalization_isRefusedNamingTheLayer() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(784).nOut(8)
                        .gradientNormalization(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer)
                        .gradientNormalizationThreshold(1).build())
                .layer(new OutputLayer.Builder().name("out").nIn(8).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        assertThatThrownBy(() -> new DpSgd(new Network(net), new DpSgdConfig(1, 1), Nets.testNoise(1),
                new Random(1)))
                .hasMessageStartingWith("layer 'hidden' (DenseLayer) has gradient normalization ClipL2PerLayer");
    }

    private static Network graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Sgd(0.3))
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return new Network(g);
    }
}
