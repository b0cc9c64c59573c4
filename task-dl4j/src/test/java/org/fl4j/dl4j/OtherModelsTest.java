package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherModelsTest {

    static final String MLP_BUILDER = """
            package demo;

            import org.deeplearning4j.nn.api.Model;
            import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
            import org.deeplearning4j.nn.conf.inputs.InputType;
            import org.deeplearning4j.nn.conf.layers.DenseLayer;
            import org.deeplearning4j.nn.conf.layers.OutputLayer;
            import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
            import org.nd4j.linalg.activations.Activation;
            import org.nd4j.linalg.learning.config.Adam;
            import org.nd4j.linalg.lossfunctions.LossFunctions;

            public class TinyMlp implements org.fl4j.dl4j.ModelBuilder {
                @Override
                public Model build(long seed) {
                    return new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                            .list()
                            .layer(new DenseLayer.Builder().name("hidden").nOut(16).activation(Activation.RELU).build())
                            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(10)
                                    .activation(Activation.SOFTMAX).build())
                            .setInputType(InputType.feedForward(784)).build());
                }
            }
            """;

    @TempDir
    Path workspace;

    @Test
    void dl4jJson_mlpTemplate_buildsWithFlatInput() throws Exception {
        ModelSpec spec = Models.build(Models.Kind.DL4J_JSON, workspace,
                Fixtures.runnerSettings(Fixtures.copy(Fixtures.DL4J_MLP, workspace)), 1);

        assertThat(spec.inputShape()).containsExactly(784);
        assertThat(spec.network().params().keySet()).containsExactly("hidden1/W", "hidden1/b", "hidden2/W",
                "hidden2/b", "output/W", "output/b");
        assertThat(spec.network().parameterCount()).isEqualTo(784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10);
    }

    @Test
    void dl4jJson_notAConfiguration_namesFile() throws Exception {
        Files.writeString(workspace.resolve("m.json"), "{\"confs\": 3}");

        assertThatThrownBy(() -> Models.build(Models.Kind.DL4J_JSON, workspace, Fixtures.runnerSettings("m.json"), 1))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith(workspace.resolve("m.json") + ": not a DL4J network configuration: ");
    }

    @Test
    void javaModel_compiledFromCodeFolder_buildsAndTrains() throws Exception {
        Files.createDirectories(workspace.resolve("code/demo"));
        Files.writeString(workspace.resolve("code/demo/TinyMlp.java"), MLP_BUILDER);
        Settings s = new Settings("task_runner.settings", Map.of("model_class", "demo.TinyMlp"));

        ModelSpec spec = Models.build(Models.Kind.JAVA, workspace, s, 1);
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", spec, Fixtures.digits(64, 32), s, 1);

        assertThat(spec.source()).isEqualTo("demo.TinyMlp");
        assertThat(spec.network().params()).containsKeys("hidden/W", "out/b");
        assertThat(runner.validate(new org.fl4j.collaborator.spi.TaskContext("one", 0, "v", Settings.empty(),
                org.fl4j.collaborator.spi.OptTreatment.RESET)).sampleCount()).isEqualTo(32);
    }

    @Test
    void javaModel_compileError_namesFileAndLine() throws Exception {
        Files.createDirectories(workspace.resolve("code/demo"));
        Files.writeString(workspace.resolve("code/demo/Broken.java"), "package demo;\nclass Broken { int x = ; }\n");
        Settings s = new Settings("task_runner.settings", Map.of("model_class", "demo.Broken"));

        assertThatThrownBy(() -> Models.build(Models.Kind.JAVA, workspace, s, 1))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("does not compile")
                .hasMessageContaining("code/demo/Broken.java:2:");
    }

    @Test
    void javaModel_unknownClass_namesSetting() {
        Settings s = new Settings("task_runner.settings", Map.of("model_class", "demo.Nope"));

        assertThatThrownBy(() -> Models.build(Models.Kind.JAVA, workspace, s, 1))
                .hasMessage("task_runner.settings.model_class: class demo.Nope not found in the workspace's code/"
                        + " folder nor on the class path");
    }

    @Test
    void unknownTemplate_listsRunners() {
        assertThatThrownBy(() -> Models.Kind.ofTemplate("fl4j.dl4j.Torch"))
                .hasMessage("task_runner.template: 'fl4j.dl4j.Torch' is not a DL4J runner: choose from"
                        + " fl4j.dl4j.KerasRunner, fl4j.dl4j.Dl4jJsonRunner, fl4j.dl4j.JavaModelRunner,"
                        + " fl4j.dl4j.SegmentationRunner");
    }

    @Test
    void serviceLoader_findsTheFourRunners() {
        assertThat(java.util.ServiceLoader.load(org.fl4j.collaborator.spi.TaskRunnerFactory.class).stream()
                .map(p -> p.get().template())).contains("fl4j.dl4j.KerasRunner", "fl4j.dl4j.Dl4jJsonRunner",
                        "fl4j.dl4j.JavaModelRunner", "fl4j.dl4j.SegmentationRunner");
    }
}
