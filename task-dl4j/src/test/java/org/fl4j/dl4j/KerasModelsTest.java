package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KerasModelsTest {

    @TempDir
    Path workspace;

    private ModelSpec build(String model) throws Exception {
        return Models.build(Models.Kind.KERAS, workspace, Fixtures.runnerSettings(model), 1);
    }

    private String write(String name, String json) throws Exception {
        Files.createDirectories(workspace.resolve("code"));
        Files.writeString(workspace.resolve("code/" + name), json);
        return "code/" + name;
    }

    @Test
    void kerasCnn_importsAsNchwWithInputShapeAndSeededWeights() throws Exception {
        ModelSpec a = Fixtures.kerasCnn(workspace, 1);
        ModelSpec b = Fixtures.kerasCnn(workspace, 1);

        assertThat(a.inputShape()).containsExactly(1, 28, 28);
        assertThat(NetworkConfigs.hasNhwcLayers(((MultiLayerNetwork) a.network().model())
                .getLayerWiseConfigurations())).isFalse();
        assertThat(a.network().flatParams().equals(b.network().flatParams())).isTrue();
    }

    @Test
    void nhwcToNchw_withImportedWeights_computesTheSameFunction() throws Exception {
        String model = Fixtures.copy(Fixtures.KERAS_CNN, workspace);
        Path file = workspace.resolve(model);
        NativeSetup.configure(1);
        MultiLayerConfiguration raw = KerasModelImport.importKerasSequentialConfiguration(file.toString(), false);
        MultiLayerNetwork nhwc = (MultiLayerNetwork) NetworkConfigs.initialise(raw, 9);
        INDArray bias = nhwc.getLayer(2).getParam("b");
        bias.assign(Nd4j.rand(bias.shape()));

        ModelSpec nchw = KerasModels.finish(file, nhwc.getLayerWiseConfigurations().clone(), nhwc, new int[] {28, 28, 1},
                Fixtures.runnerSettings(model), 9);

        INDArray images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 28, 28, 1);
        INDArray expected = nhwc.output(images);
        INDArray actual = nchw.network().output(images.reshape(5, 1, 28, 28));
        assertThat(actual.equalsWithEps(expected, 1e-5)).as("%s vs %s", actual, expected).isTrue();
    }

    @Test
    void keras3Configuration_isRefusedWithAdvice() throws Exception {
        String model = write("k3.json", "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"layers\":"
                + " [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 28, 28, 1]}}]},"
                + " \"registered_name\": null}");

        assertThatThrownBy(() -> build(model))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith(workspace.resolve(model) + ": a Keras 3 model configuration. DL4J imports Keras 2"
                        + " models only: save the model in the Keras 2 format");
    }

    @Test
    void kerasArchive_isRefusedAsKeras3() throws Exception {
        Files.createDirectories(workspace.resolve("code"));
        Files.write(workspace.resolve("code/m.keras"), new byte[] {'P', 'K', 3, 4});

        assertThatThrownBy(() -> build("code/m.keras")).hasMessageContaining("a .keras archive. DL4J imports Keras 2");
    }

    @Test
    void invalidJson_namesFileLineAndColumn() throws Exception {
        String model = write("bad.json", "{\"class_name\": \"Sequential\",\n  \"config\": [1, 2,,]}");

        assertThatThrownBy(() -> build(model))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith(workspace.resolve(model) + ": not valid JSON: ")
                .hasMessageContaining("at line 2, column");
    }

    @Test
    void layerDl4jCannotImport_namesFileAndLayer() throws Exception {
        String json = new String(KerasModelsTest.class.getClassLoader().getResourceAsStream(Fixtures.KERAS_CNN)
                .readAllBytes()).replace("\"Flatten\"", "\"FancyFlatten\"");
        String model = write("unknown.json", json);

        assertThatThrownBy(() -> build(model))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith(workspace.resolve(model) + ": DL4J cannot import this Keras model: layer"
                        + " 'flatten' of type FancyFlatten, which DL4J's Keras import does not have");
    }

    @Test
    void missingModelFile_namesSettingAndPath() {
        assertThatThrownBy(() -> build("code/none.json"))
                .hasMessage("task_runner.settings.model: no such model file: " + workspace.resolve("code/none.json"));
    }

    @Test
    void unknownOptimizer_listsChoices() throws Exception {
        String model = Fixtures.copy(Fixtures.KERAS_CNN, workspace);
        Settings s = new Settings("task_runner.settings", Map.of("model", model, "optimizer", "lion"));

        assertThatThrownBy(() -> Models.build(Models.Kind.KERAS, workspace, s, 1))
                .hasMessage("task_runner.settings.optimizer: unknown optimizer 'lion': choose from adam, sgd, nesterovs,"
                        + " rmsprop, adagrad");
    }
}
