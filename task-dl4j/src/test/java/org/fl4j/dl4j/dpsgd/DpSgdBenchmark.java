package org.fl4j.dl4j.dpsgd;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.ShardSpec;
import org.fl4j.collaborator.data.Sharding;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.dl4j.NativeSetup;
import org.fl4j.dl4j.Network;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The cost of DP-SGD against plain training (docs/benchmarks.md, "DP-SGD"): seconds per epoch of
 * keras_cnn_mnist's CNN on one collaborator's 4,000 digits, plain DL4J {@code fit} against DP-SGD with the
 * batched clipping path and with the one-example-at-a-time path, at each batch size given (default 32 and
 * 256). Each configuration runs a warm-up epoch and then {@code epochs} timed ones, alternating the
 * configurations; prints Markdown. Not a test: run with
 * {@code task-dl4j/run.sh org.fl4j.dl4j.dpsgd.DpSgdBenchmark [epochs [batch ...]]}.
 */
public final class DpSgdBenchmark {

    private DpSgdBenchmark() {
    }

    interface Epoch {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        NativeSetup.configure(1);
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] batches = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {32, 256};
        LabeledData shard = Sharding.shard(IdxDataSets.embeddedMnist(), ShardSpec.roundRobin(1, 2)).train();
        System.out.printf("java %s, %d cores, oneDNN %s, load average %.2f, %d digits, %d timed epochs each%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                NativeSetup.oneDnnLoaded(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                shard.size(), epochs);
        System.out.println("\n| batch | training | s/epoch (median wall) | CPU s/epoch | x plain |\n"
                + "|---|---|---|---|---|");
        for (int batch : batches) {
            MultiLayerNetwork plainNet = (MultiLayerNetwork) cnn().model();
            List<DataSet> plainBatches = batches(shard, batch);
            Network layerwise = cnn();
            DpSgd fast = new DpSgd(layerwise, new DpSgdConfig(1, 1), GaussianNoise.secure(), new SecureRandom());
            Network oneByOne = cnn();
            DpSgd slow = new DpSgd(oneByOne, new DpSgdConfig(1, 1), GaussianNoise.secure(), new SecureRandom(),
                    new PerExampleClipping(oneByOne));
            List<String> names = List.of("plain DL4J fit", "DP-SGD, batched clipping", "DP-SGD, one example at a time");
            List<Epoch> runs = List.of(
                    () -> plainNet.fit(new ListDataSetIterator<>(plainBatches, 1)),
                    () -> fast.epoch(shard, Nets.IMAGE, batch, null, n -> { }),
                    () -> slow.epoch(shard, Nets.IMAGE, batch, null, n -> { }));
            double[][] wall = new double[runs.size()][epochs];
            double[][] cpu = new double[runs.size()][epochs];
            for (Epoch r : runs) {
                r.run();
            }
            for (int e = 0; e < epochs; e++) {
                for (int r = 0; r < runs.size(); r++) {
                    long t = System.nanoTime();
                    double c = cpuSeconds();
                    runs.get(r).run();
                    wall[r][e] = (System.nanoTime() - t) / 1e9;
                    cpu[r][e] = cpuSeconds() - c;
                }
            }
            double plain = median(wall[0]);
            for (int r = 0; r < runs.size(); r++) {
                System.out.printf("| %d | %s | %.2f | %.2f | %.1f |%n", batch, names.get(r), median(wall[r]),
                        median(cpu[r]), median(wall[r]) / plain);
            }
        }
    }

    static Network cnn() throws Exception {
        return Nets.kerasCnn(Files.createTempDirectory("fl4j-dpsgd-bench-"), 1);
    }

    static List<DataSet> batches(LabeledData d, int size) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < d.size(); from += size) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(d.size(), from + size)).toArray();
            ExampleBatch b = ExampleBatch.of(d, Nets.IMAGE, idx);
            out.add(new DataSet(b.features(), b.labels()));
        }
        return out;
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
