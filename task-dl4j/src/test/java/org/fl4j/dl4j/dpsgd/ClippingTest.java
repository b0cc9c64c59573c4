package org.fl4j.dl4j.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.dl4j.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ClippingTest {

    @TempDir
    Path workspace;

    private static INDArray zeros(Network network) {
        return Nd4j.create(DataType.FLOAT, 1, network.parameterCount());
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /** Each example's unclipped gradient, one row each (per-example passes with a huge clip norm). */
    private static INDArray rawGradients(Network network, LabeledData data, int[] shape, int n) {
        INDArray out = Nd4j.create(DataType.FLOAT, n, network.parameterCount());
        PerExampleClipping clipping = new PerExampleClipping(network);
        for (int i = 0; i < n; i++) {
            ExampleBatch one = ExampleBatch.of(data, shape, new int[] {i});
            INDArray row = zeros(network);
            clipping.addClipped(one.features(), one.labels(), 1e30, row);
            out.putRow(i, row);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras_cnn_mnist.json", "keras_cnn_mnist_dp.json"})
    void layerwise_kerasCnn_supportedAndEqualToPerExampleClipping(String file) throws Exception {
        Network cnn = Nets.kerasCnn(workspace, 7, file);
        LabeledData digits = Nets.digits(48);
        ExampleBatch batch = ExampleBatch.of(digits, Nets.IMAGE, range(0, 48));
        INDArray raw = rawGradients(cnn, digits, Nets.IMAGE, 48);
        double[] norms = raw.norm2(1).toDoubleVector();
        double clip = median(norms);

        INDArray perExample = zeros(cnn);
        Clipping.BatchStats slow = new PerExampleClipping(cnn).addClipped(batch.features(), batch.labels(), clip,
                perExample);
        INDArray layerwise = zeros(cnn);
        Clipping.BatchStats fast = new LayerwiseClipping(cnn).addClipped(batch.features(), batch.labels(), clip,
                layerwise);

        assertThat(LayerwiseClipping.supports(cnn)).isTrue();
        assertThat(fast.clipped()).isEqualTo(slow.clipped()).isBetween(20, 28);
        assertThat(fast.lossSum()).isCloseTo(slow.lossSum(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(layerwise.sub(perExample).norm2Number().doubleValue())
                .isLessThan(1e-4 * perExample.norm2Number().doubleValue());
    }

    @Test
    void layerwise_tinyMlp_equalsPerExampleClipping() throws Exception {
        Network mlp = Nets.mlp(16, new Sgd(0.1), 3);
        LabeledData digits = Nets.digits(40);
        ExampleBatch batch = ExampleBatch.of(digits, Nets.FLAT, range(0, 40));
        double clip = median(rawGradients(mlp, digits, Nets.FLAT, 40).norm2(1).toDoubleVector());

        INDArray perExample = zeros(mlp);
        new PerExampleClipping(mlp).addClipped(batch.features(), batch.labels(), clip, perExample);
        INDArray layerwise = zeros(mlp);
        new LayerwiseClipping(mlp).addClipped(batch.features(), batch.labels(), clip, layerwise);

        assertThat(layerwise.sub(perExample).norm2Number().doubleValue())
                .isLessThan(1e-5 * perExample.norm2Number().doubleValue());
    }

    @Test
    void layerwise_hugeClipNorm_equalsDl4jBatchGradient() throws Exception {
        Network cnn = Nets.kerasCnn(workspace, 5);
        ExampleBatch batch = ExampleBatch.of(Nets.digits(32), Nets.IMAGE, range(0, 32));
        var net = (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) cnn.model();
        net.setInput(batch.features());
        net.setLabels(batch.labels());
        net.computeGradientAndScore();
        INDArray dl4j = cnn.flatGradients().dup();

        INDArray layerwise = zeros(cnn);
        Clipping.BatchStats stats = new LayerwiseClipping(cnn).addClipped(batch.features(), batch.labels(), 1e30,
                layerwise);

        assertThat(stats.clipped()).isZero();
        assertThat(layerwise.reshape(dl4j.shape()).sub(dl4j).norm2Number().doubleValue())
                .isLessThan(1e-4 * dl4j.norm2Number().doubleValue());
    }

    @Test
    void addClipped_eachExample_normAtMostClipAndShortGradientsUnchanged() throws Exception {
        Network cnn = Nets.kerasCnn(workspace, 11);
        LabeledData digits = Nets.digits(24);
        INDArray raw = rawGradients(cnn, digits, Nets.IMAGE, 24);
        double[] norms = raw.norm2(1).toDoubleVector();
        double clip = median(norms);
        int unchanged = 0;
        for (Clipping clipping : new Clipping[] {new PerExampleClipping(cnn), new LayerwiseClipping(cnn)}) {
            for (int i = 0; i < 24; i++) {
                ExampleBatch one = ExampleBatch.of(digits, Nets.IMAGE, new int[] {i});
                INDArray clipped = zeros(cnn);
                Clipping.BatchStats stats = clipping.addClipped(one.features(), one.labels(), clip, clipped);

                double norm = clipped.norm2Number().doubleValue();
                assertThat(norm).isLessThanOrEqualTo(clip);
                if (norms[i] <= clip * (1 - Clipping.MARGIN)) {
                    unchanged++;
                    assertThat(stats.clipped()).isZero();
                    assertThat(clipped.sub(raw.getRow(i, true)).norm2Number().doubleValue())
                            .isLessThan(1e-5 * norms[i]);
                } else {
                    assertThat(stats.clipped()).isOne();
                    assertThat(norm).isCloseTo(clip, org.assertj.core.data.Percentage.withPercentage(0.01));
                }
            }
        }
        assertThat(unchanged).isBetween(20, 28);
    }

    @Test
    void supports_dropout_fallsBackToPerExampleClipping() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(784).nOut(8).dropOut(0.5)
                        .build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(8).nOut(10)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();

        assertThat(LayerwiseClipping.supports(new Network(net))).isFalse();
        assertThat(new DpSgd(new Network(net), new DpSgdConfig(1, 1), Nets.testNoise(1), new java.util.Random(1))
                .batchedClipping()).isFalse();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }
}
