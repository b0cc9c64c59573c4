package org.fl4j.dl4j.dpsgd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.dl4j.Models;
import org.fl4j.dl4j.Network;
import org.fl4j.plan.Settings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Networks and data for the DP-SGD tests: the keras_cnn_mnist template's CNN, tiny MLPs, real digits. */
final class Nets {

    static final int[] IMAGE = {1, 28, 28};
    static final int[] FLAT = {784};

    static {
        // One native thread, as the runner uses: with two, ND4J's many small ops crawl on a busy machine.
        org.fl4j.dl4j.NativeSetup.configure(1);
    }

    private Nets() {
    }

    static Network kerasCnn(Path workspace, long seed) throws IOException {
        return kerasCnn(workspace, seed, "keras_cnn_mnist.json");
    }

    /** One of the keras_cnn_mnist template's model files ({@code keras_cnn_mnist_dp.json}: tanh). */
    static Network kerasCnn(Path workspace, long seed, String file) throws IOException {
        Path code = Files.createDirectories(workspace.resolve("code"));
        try (InputStream in = Nets.class.getClassLoader().getResourceAsStream(
                "org/fl4j/templates/keras_cnn_mnist/code/" + file)) {
            Files.copy(in, code.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Models.build(Models.Kind.KERAS, workspace, new Settings("task_runner.settings",
                Map.of("model", "code/" + file)), seed).network();
    }

    /** 784 -> hidden (tanh) -> 10 (softmax), with the given updater. */
    static Network mlp(int hidden, IUpdater updater, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new Network(net);
    }

    /** The first {@code n} embedded MNIST training digits. */
    static LabeledData digits(int n) throws IOException {
        LabeledData all = IdxDataSets.embeddedMnist().train();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return all.subset(idx, "first " + n + " digits");
    }

    /** Gaussian noise from a seeded java.util.Random: for tests only (not secure). */
    static GaussianNoise testNoise(long seed) {
        java.util.Random r = new java.util.Random(seed);
        return (values, std) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (std * r.nextGaussian());
            }
        };
    }
}
