package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Keras 2 {@code .h5} files (see {@link KerasH5Fixtures}) imported through {@link Models}. */
class KerasModelsH5Test {

    @TempDir
    Path workspace;

    private ModelSpec build(String model, long seed) throws Exception {
        return Models.build(Models.Kind.KERAS, workspace, Fixtures.runnerSettings(model), seed);
    }

    private String copy(String fixture) throws Exception {
        return Fixtures.copy(fixture, workspace);
    }

    @Test
    void kerasWeights_readBackWithDl4jsHdf5Reader_areWhatTheScriptWrote() throws Exception {
        Map<String, INDArray> keras = KerasH5Fixtures.kerasWeights(workspace.resolve(copy(KerasH5Fixtures.CNN)));

        for (JsonNode w : KerasH5Fixtures.expected().get("weights")) {
            INDArray a = keras.get(w.get("name").asText());
            long[] shape = new long[w.get("shape").size()];
            Arrays.setAll(shape, i -> w.get("shape").get(i).asLong());
            assertThat(a.shape()).as(w.get("name").asText()).containsExactly(shape);
            assertThat(a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue())
                    .isCloseTo(w.get("sum").asDouble(), within(1e-4));
            for (JsonNode s : w.get("samples")) {
                long[] index = new long[s.get("index").size()];
                Arrays.setAll(index, i -> s.get("index").get(i).asLong());
                assertThat(a.getFloat(index)).isEqualTo((float) s.get("value").asDouble());
            }
        }
    }

    @Test
    void load_h5WithWeights_tensorsEqualTheFileWeights() throws Exception {
        String model = copy(KerasH5Fixtures.CNN);
        Map<String, float[]> expected = KerasH5Fixtures.asFl4jTensors(
                KerasH5Fixtures.kerasWeights(workspace.resolve(model)));

        ModelSpec spec = build(model, 1);

        assertThat(spec.inputShape()).containsExactly(1, 28, 28);
        ModelWeights actual = new ModelWeights(Tensors.export(spec.network().params()));
        assertThat(actual.tensors()).extracting(Tensor::name).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey()).orElseThrow().values()).as(e.getKey()).containsExactly(e.getValue());
        }
        assertThat(actual.get("conv2d/W").orElseThrow().shape()).containsExactly(16, 1, 4, 4);
        assertThat(actual.get("dense/W").orElseThrow().shape()).containsExactly(800, 100);
    }

    @Test
    void load_h5WithWeights_outputOnRealDigitsEqualsAnIndependentNumpyForwardPass() throws Exception {
        JsonNode softmax = KerasH5Fixtures.expected().get("digits").get("softmax");
        INDArray digits = firstValidationDigits(softmax.size());

        INDArray out = build(copy(KerasH5Fixtures.CNN), 1).network().output(digits);

        for (int n = 0; n < softmax.size(); n++) {
            for (int k = 0; k < 10; k++) {
                assertThat(out.getDouble(n, k)).as("digit %d class %d", n, k)
                        .isCloseTo(softmax.get(n).get(k).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void load_h5WithWeights_predictsLikeTheJsonModelGivenItsTensors() throws Exception {
        ModelSpec h5 = build(copy(KerasH5Fixtures.CNN), 1);
        ModelSpec json = Fixtures.kerasCnn(workspace, 1);
        INDArray digits = firstValidationDigits(64);
        assertThat(json.network().output(digits).equalsWithEps(h5.network().output(digits), 1e-3)).isFalse();

        Tensors.load(json.network().params(), new ModelWeights(Tensors.export(h5.network().params())), "h5");

        INDArray expected = h5.network().output(digits);
        assertThat(json.network().output(digits).equalsWithEps(expected, 1e-7)).isTrue();
        assertThat(json.network().output(digits).argMax(1)).isEqualTo(expected.argMax(1));
    }

    @Test
    void load_h5WithoutWeights_isInitialisedFromTheSeedLikeTheJsonConfiguration() throws Exception {
        String model = copy(KerasH5Fixtures.CNN_CONFIG_ONLY);

        ModelSpec a = build(model, 7);

        assertThat(a.inputShape()).containsExactly(1, 28, 28);
        assertThat(a.network().flatParams().equals(Fixtures.kerasCnn(workspace, 7).network().flatParams())).isTrue();
        assertThat(a.network().flatParams().equals(build(model, 8).network().flatParams())).isFalse();
    }

    @Test
    void load_functionalH5WithWeights_buildsAGraphHoldingTheFileWeights() throws Exception {
        ModelSpec spec = build(copy(KerasH5Fixtures.FUNCTIONAL), 1);

        assertThat(spec.network().model()).isInstanceOf(org.deeplearning4j.nn.graph.ComputationGraph.class);
        assertThat(spec.inputShape()).containsExactly(8);
        ModelWeights actual = new ModelWeights(Tensors.export(spec.network().params()));
        assertThat(actual.tensors()).extracting(Tensor::name)
                .containsExactlyInAnyOrder("dense/W", "dense/b", "dense_1/W", "dense_1/b");
        KerasH5Fixtures.functionalWeights().fields().forEachRemaining(e -> {
            String name = e.getKey().replace("/kernel:0", "/W").replace("/bias:0", "/b");
            assertThat(actual.get(name).orElseThrow().values()).as(name).containsExactly(floats(e.getValue()));
        });
    }

    @Test
    void load_lambdaLayer_namesFileLayerAndWhy() throws Exception {
        String model = copy(KerasH5Fixtures.LAMBDA);

        assertThatThrownBy(() -> build(model, 1))
                .isInstanceOf(ModelException.class)
                .hasMessage(workspace.resolve(model) + ": DL4J cannot import this Keras model: layer 'double' is a"
                        + " Lambda layer, whose Python code DL4J cannot run: express it with built-in Keras layers");
    }

    @Test
    void load_layerTypeDl4jLacks_namesFileLayerAndType() throws Exception {
        String model = copy(KerasH5Fixtures.UNIT_NORMALIZATION);

        assertThatThrownBy(() -> build(model, 1))
                .isInstanceOf(ModelException.class)
                .hasMessage(workspace.resolve(model) + ": DL4J cannot import this Keras model: layer"
                        + " 'unit_normalization' of type UnitNormalization, which DL4J's Keras import does not have:"
                        + " replace it with a layer DL4J imports, or define the model as a DL4J configuration or Java"
                        + " class");
    }

    @Test
    void load_truncatedH5_saysTruncatedWithSizes() throws Exception {
        Path whole = workspace.resolve(copy(KerasH5Fixtures.CNN));
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(workspace.resolve("code/cut.h5"), Arrays.copyOf(bytes, 200_000));
        Files.write(workspace.resolve("code/stub.h5"), Arrays.copyOf(bytes, 20));

        assertThatThrownBy(() -> build("code/cut.h5", 1))
                .isInstanceOf(ModelException.class)
                .hasMessage(workspace.resolve("code/cut.h5") + ": a truncated HDF5 file (200000 bytes of the "
                        + bytes.length + " its superblock declares): copy or download it again");
        assertThatThrownBy(() -> build("code/stub.h5", 1))
                .hasMessage(workspace.resolve("code/stub.h5") + ": a truncated HDF5 file (its 20 bytes end inside the"
                        + " HDF5 superblock)");
    }

    @Test
    void load_nonHdf5FileNamedH5_saysItIsNotHdf5() throws Exception {
        Files.createDirectories(workspace.resolve("code"));
        Files.writeString(workspace.resolve("code/model.h5"), "{\"class_name\": \"Sequential\", \"config\": {}}");

        assertThatThrownBy(() -> build("code/model.h5", 1))
                .isInstanceOf(ModelException.class)
                .hasMessage(workspace.resolve("code/model.h5") + ": not an HDF5 file (it does not start with the HDF5"
                        + " signature; Keras writes .h5 files with model.save(\"model.h5\"))");
    }

    @Test
    void load_weightsOnlyH5_asksForTheWholeModel() throws Exception {
        String model = copy(KerasH5Fixtures.WEIGHTS_ONLY);

        assertThatThrownBy(() -> build(model, 1))
                .isInstanceOf(ModelException.class)
                .hasMessage(workspace.resolve(model) + ": a Keras weights-only file (model.save_weights) without the"
                        + " model configuration: save the whole model with model.save(\"model.h5\")");
    }

    @Test
    void load_keras3H5_isRefusedWithAdvice() throws Exception {
        String model = copy(KerasH5Fixtures.KERAS3);

        assertThatThrownBy(() -> build(model, 1))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith(workspace.resolve(model) + ": a Keras 3.3.3 file. DL4J imports Keras 2 models"
                        + " only: save the model in the Keras 2 format");
    }

    /** The numbers of a nested JSON list, in row-major order. */
    private static float[] floats(JsonNode node) {
        if (!node.isArray()) {
            return new float[] {(float) node.asDouble()};
        }
        float[] out = new float[0];
        for (JsonNode child : node) {
            float[] f = floats(child);
            out = Arrays.copyOf(out, out.length + f.length);
            System.arraycopy(f, 0, out, out.length - f.length, f.length);
        }
        return out;
    }

    /** The first {@code n} validation digits of the embedded MNIST as a [n, 1, 28, 28] batch. */
    static INDArray firstValidationDigits(int n) throws Exception {
        LabeledData valid = Fixtures.digits(1, n).validation();
        return Nd4j.create(valid.features(), new long[] {n, 1, 28, 28}, 'c');
    }
}
