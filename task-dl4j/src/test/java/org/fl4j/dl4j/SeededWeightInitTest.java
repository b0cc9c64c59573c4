package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.nn.weights.WeightInitReluUniform;
import org.deeplearning4j.nn.weights.WeightInitSigmoidUniform;
import org.deeplearning4j.nn.weights.WeightInitUniform;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SeededWeightInitTest {

    @TempDir
    Path workspace;

    @Test
    void kerasCnn_sameSeed_sameWeightsWhateverNd4jDrewBefore() throws Exception {
        ModelSpec a = Fixtures.kerasCnn(workspace, 5);
        Nd4j.rand(DataType.FLOAT, 1, 100_000);
        ModelSpec b = Fixtures.kerasCnn(workspace, 5);
        ModelSpec other = Fixtures.kerasCnn(workspace, 6);

        assertThat(b.network().flatParams().equals(a.network().flatParams())).isTrue();
        assertThat(other.network().flatParams().equals(a.network().flatParams())).isFalse();
    }

    @Test
    void computationGraph_sameSeed_sameWeights_configurationRestored() {
        ComputationGraph a = (ComputationGraph) NetworkConfigs.initialise(graph(), 3);
        ComputationGraph b = (ComputationGraph) NetworkConfigs.initialise(graph(), 3);

        assertThat(b.params().equals(a.params())).isTrue();
        assertThat(a.getConfiguration().getVertices().values()).allSatisfy(v -> assertThat(
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer())
                .isInstanceOfSatisfying(org.deeplearning4j.nn.conf.layers.BaseLayer.class,
                        l -> assertThat(l.getWeightInitFn()).isInstanceOf(WeightInitRelu.class)))
                .isNotEmpty();
    }

    private static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().weightInit(WeightInit.RELU).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(300).nOut(200).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nIn(200).nOut(10).build(), "hidden")
                .setOutputs("out").build();
    }

    static Stream<IWeightInit> inits() {
        return Stream.of(new WeightInitXavierUniform(), new WeightInitXavier(), new WeightInitRelu(),
                new WeightInitReluUniform(), new WeightInitUniform(), new WeightInitSigmoidUniform());
    }

    /** The seeded draw has the distribution of the DL4J init it replaces: same spread and same range. */
    @ParameterizedTest
    @MethodSource("inits")
    void init_drawsTheDistributionOfTheInitItReplaces(IWeightInit init) {
        assertThat(SeededWeightInit.seeds(init)).isTrue();
        long[] shape = {400, 300};
        INDArray dl4j = init.init(400, 300, shape, 'f', Nd4j.create(DataType.FLOAT, 1, 120_000));
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().weightInit(init).graphBuilder()
                .addInputs("in").addLayer("out", new OutputLayer.Builder().nIn(400).nOut(300).build(), "in")
                .setOutputs("out").build();
        INDArray seeded = ((ComputationGraph) NetworkConfigs.initialise(conf, 11)).getParam("out_W");

        assertThat(seeded.stdNumber().doubleValue()).isCloseTo(dl4j.stdNumber().doubleValue(),
                within(0.02 * dl4j.stdNumber().doubleValue()));
        assertThat(seeded.meanNumber().doubleValue()).isCloseTo(0, within(0.01 * dl4j.stdNumber().doubleValue()));
        assertThat(Math.abs(seeded.maxNumber().doubleValue()) / Math.abs(dl4j.maxNumber().doubleValue()))
                .isCloseTo(1.0, within(0.25));
    }
}
