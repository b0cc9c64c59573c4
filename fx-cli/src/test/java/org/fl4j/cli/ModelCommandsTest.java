package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fx plan initialize (round-0 model), fx model info and fx model save on a keras_cnn_mnist workspace. */
class ModelCommandsTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();
    private Path ws;

    @BeforeEach
    void workspace() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "keras_cnn_mnist")).as(fx.err()).isEqualTo(Fx.OK);
        ws = dir.resolve("ws");
    }

    @Test
    void initialize_writesRoundZeroModelWithProvenance() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "plan", "initialize", "-a", "localhost")).as(fx.err()).isEqualTo(Fx.OK);

        SavedModel init = ModelFile.read(ws.resolve("save/keras_cnn_mnist_init.fl4j"));
        assertThat(init.round()).isZero();
        assertThat(init.weights().parameterCount()).isEqualTo(89_606);
        assertThat(init.provenance()).containsEntry("model", "code/keras_cnn_mnist.json")
                .containsEntry("task_runner", "fl4j.dl4j.KerasRunner").containsEntry("seed", "0")
                .containsEntry("dl4j_version", "1.0.0-M2.1").containsKey("plan_hash");
    }

    @Test
    void info_printsRoundProvenanceAndTensors() {
        fx.run("-W", ws.toString(), "plan", "initialize", "-a", "localhost");

        assertThat(fx.run("-W", ws.toString(), "model", "info", "save/keras_cnn_mnist_init.fl4j")).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("round: 0", "  plan_hash: ", "tensors: 8, parameters: 89606, 350.0 KiB")
                .containsPattern("dense/W +\\[800, 100\\] +80000 +312.5 KiB");
    }

    @Test
    void save_writesDl4jZipThatModelSerializerRestores() throws Exception {
        fx.run("-W", ws.toString(), "plan", "initialize", "-a", "localhost");

        assertThat(fx.run("-W", ws.toString(), "model", "save", "-i", "save/keras_cnn_mnist_init.fl4j", "-o",
                "model.zip")).as(fx.err()).isEqualTo(Fx.OK);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(ws.resolve("model.zip").toFile());
        SavedModel init = ModelFile.read(ws.resolve("save/keras_cnn_mnist_init.fl4j"));
        float[] dense = init.weights().get("dense/W").orElseThrow().values();
        assertThat(restored.getLayer(2).getParam("W").getFloat(3, 7)).isEqualTo(dense[3 * 100 + 7]);
        assertThat(fx.out()).contains("Saved MultiLayerNetwork (89606 parameters)");
    }

    @Test
    void info_notAModelFile_failsNamingIt() throws Exception {
        Files.writeString(ws.resolve("junk.fl4j"), "hello");

        assertThat(fx.run("-W", ws.toString(), "model", "info", "junk.fl4j")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("junk.fl4j: not an fl4j model file");
    }

    @Test
    void save_brokenModelDefinition_failsNamingTheFile() throws Exception {
        fx.run("-W", ws.toString(), "plan", "initialize", "-a", "localhost");
        Files.writeString(ws.resolve("code/keras_cnn_mnist.json"), "{\"class_name\": ");

        assertThat(fx.run("-W", ws.toString(), "model", "save", "-i", "save/keras_cnn_mnist_init.fl4j", "-o",
                "m.zip")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("code/keras_cnn_mnist.json: not valid JSON");
        assertThat(ws.resolve("m.zip")).doesNotExist();
    }
}
