package org.fl4j.dl4j;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.protocol.model.ModelWeights;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What the DL4J runner's weight exchange costs on the 25M-parameter MLP of issue 24 (784-4096-4096-1200-10):
 * {@code weights()} (the network's parameters to row-major fl4j tensors) and {@code setWeights} (back), median
 * milliseconds and MB/s of float32 payload. Not a test: {@code task-dl4j/run.sh
 * org.fl4j.dl4j.WeightExchangeBenchmark [repetitions]}.
 */
public final class WeightExchangeBenchmark {

    private WeightExchangeBenchmark() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        NativeSetup.configure(1);
        Network network = new Network(mlp(784, 4096, 4096, 1200, 10));
        ModelWeights weights = NetworkWeights.export(network, false);
        double mb = weights.parameterCount() * 4 / 1e6;
        System.out.printf("java %s, %d cores, load average %.2f, %,d parameters (%.1f MB)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), weights.parameterCount(), mb);
        double[] export = new double[reps];
        double[] load = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            weights = NetworkWeights.export(network, false);
            export[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            NetworkWeights.load(network, weights);
            load[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("| weights() | %.1f ms | %.0f MB/s |%n", median(export), mb / median(export) * 1e3);
        System.out.printf("| setWeights | %.1f ms | %.0f MB/s |%n", median(load), mb / median(load) * 1e3);
    }

    static MultiLayerNetwork mlp(int... widths) {
        var list = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01)).list();
        for (int i = 1; i < widths.length - 1; i++) {
            list.layer(new DenseLayer.Builder().nIn(widths[i - 1]).nOut(widths[i]).activation(Activation.RELU).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(widths[widths.length - 2])
                .nOut(widths[widths.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
