package org.fl4j.dl4j.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.data.ShardSpec;
import org.fl4j.collaborator.data.Sharding;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.dl4j.Dl4jTaskRunner;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.dl4j.Models;
import org.fl4j.dl4j.NativeSetup;
import org.fl4j.dl4j.experiment.Experiment;
import org.fl4j.dl4j.experiment.ExperimentResult;
import org.fl4j.dl4j.experiment.FederatedDataSet;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The "Local training" figures of docs/benchmarks.md for keras_cnn_mnist on the embedded MNIST digits:
 * seconds per epoch (8,000 digits, batch 32, one native thread), centralised accuracy per epoch, federated
 * accuracy per round with 2 collaborators (IID round-robin and Dirichlet alpha 0.5), a federated round's
 * training time against plain DL4J {@code fit}, and weight export/import time. Not a test: run it with
 * {@code task-dl4j/run.sh org.fl4j.dl4j.bench.LocalTrainingBenchmark} (prints Markdown).
 */
public final class LocalTrainingBenchmark {

    private LocalTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "all";
        NativeSetup.configure(1);
        System.out.printf("java %s, %d cores, oneDNN %s, load average %.2f%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), NativeSetup.oneDnnLoaded(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (part.equals("all") || part.equals("epochs")) {
            epochs(Integer.parseInt(args.length > 1 ? args[1] : "5"));
        }
        if (part.equals("all") || part.equals("round")) {
            roundVersusFit();
        }
        if (part.equals("all") || part.equals("federated")) {
            federated("IID round-robin", FederatedDataSet.embeddedMnist());
            federated("non-IID Dirichlet alpha 0.5", FederatedDataSet.embeddedMnist().withDirichlet(0.5));
        }
    }

    static ModelSpec cnn(long seed) throws Exception {
        Path ws = Files.createTempDirectory("fl4j-bench-");
        Path code = Files.createDirectories(ws.resolve("code"));
        try (var in = LocalTrainingBenchmark.class.getClassLoader().getResourceAsStream(
                "org/fl4j/templates/keras_cnn_mnist/code/keras_cnn_mnist.json")) {
            Files.copy(in, code.resolve("keras_cnn_mnist.json"));
        }
        return Models.build(Models.Kind.KERAS, ws, new Settings("task_runner.settings",
                Map.of("model", "code/keras_cnn_mnist.json")), seed);
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Centralised training on all 8,000 digits: wall and CPU seconds per epoch, validation accuracy. */
    static void epochs(int count) throws Exception {
        LocalData all = IdxDataSets.embeddedMnist();
        Dl4jTaskRunner runner = new Dl4jTaskRunner("central", cnn(0), all, Settings.empty(), 0);
        System.out.println("\n| epoch | wall s | CPU s | loss | validation accuracy |\n|---|---|---|---|---|");
        for (int e = 1; e <= count; e++) {
            long t = System.nanoTime();
            double cpu = cpuSeconds();
            double loss = runner.train(task(e, 1)).metrics().get("loss");
            double wall = (System.nanoTime() - t) / 1e9;
            double cpuUsed = cpuSeconds() - cpu;
            double acc = runner.validate(task(e, 1)).metrics().get("accuracy");
            System.out.printf("| %d | %.2f | %.2f | %.4f | %.4f |%n", e, wall, cpuUsed, loss, acc);
        }
    }

    static TaskContext task(long round, int epochs) {
        return new TaskContext("bench", round, "train", new Settings("kwargs", Map.of("epochs", epochs,
                "batch_size", 32)), OptTreatment.CONTINUE_LOCAL);
    }

    /**
     * One collaborator's round (4,000 digits, 1 epoch) through the runner against plain
     * MultiLayerNetwork.fit on the same shard, alternating which goes first; wall and CPU seconds, and the
     * cost of exporting and importing the weights.
     */
    static void roundVersusFit() throws Exception {
        LocalData shard = Sharding.shard(IdxDataSets.embeddedMnist(), ShardSpec.roundRobin(1, 2));
        System.out.println("\n| repetition | runner round: setWeights + train + weights, wall / CPU s | plain fit,"
                + " wall / CPU s | export ms | import ms |\n|---|---|---|---|---|");
        int reps = 10;
        double[][] all = new double[6][reps];
        for (int rep = 1; rep <= reps; rep++) {
            double[] runner = new double[2];
            double[] plain = new double[2];
            double[] io = new double[2];
            if (rep % 2 == 1) {
                runnerRound(shard, rep, runner, io);
                plainFit(shard, rep, plain);
            } else {
                plainFit(shard, rep, plain);
                runnerRound(shard, rep, runner, io);
            }
            System.out.printf("| %d | %.2f / %.2f | %.2f / %.2f | %.2f | %.2f |%n", rep, runner[0], runner[1], plain[0],
                    plain[1], io[0], io[1]);
            double[] row = {runner[0], runner[1], plain[0], plain[1], io[0], io[1]};
            for (int i = 0; i < row.length; i++) {
                all[i][rep - 1] = row[i];
            }
        }
        System.out.printf("| median | %.2f / %.2f | %.2f / %.2f | %.2f | %.2f |%n", median(all[0]), median(all[1]),
                median(all[2]), median(all[3]), median(all[4]), median(all[5]));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void runnerRound(LocalData shard, int rep, double[] times, double[] io) throws Exception {
        Dl4jTaskRunner runner = new Dl4jTaskRunner("one", cnn(rep), shard, Settings.empty(), rep);
        ModelWeights global = runner.weights();
        long t = System.nanoTime();
        double cpu = cpuSeconds();
        runner.setWeights(global);
        runner.train(task(1, 1));
        ModelWeights update = runner.weights();
        times[0] = (System.nanoTime() - t) / 1e9;
        times[1] = cpuSeconds() - cpu;
        int n = 50;
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            update = runner.weights();
        }
        io[0] = (System.nanoTime() - t) / 1e6 / n;
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            runner.setWeights(update);
        }
        io[1] = (System.nanoTime() - t) / 1e6 / n;
    }

    private static void plainFit(LocalData shard, int rep, double[] times) throws Exception {
        MultiLayerNetwork plain = (MultiLayerNetwork) cnn(rep).network().model();
        List<DataSet> batches = plainBatches(shard.train());
        long t = System.nanoTime();
        double cpu = cpuSeconds();
        plain.fit(new ListDataSetIterator<>(batches, 1));
        times[0] = (System.nanoTime() - t) / 1e9;
        times[1] = cpuSeconds() - cpu;
    }

    /** Batches of 32 built once, in a seeded random order, as a DL4J user would feed fit. */
    static List<DataSet> plainBatches(LabeledData d) {
        List<DataSet> out = new ArrayList<>();
        DataSet all = new DataSet(Nd4j.create(d.features(), new long[] {d.size(), 1, 28, 28}, 'c'),
                Nd4j.zeros(d.size(), 10));
        for (int i = 0; i < d.size(); i++) {
            all.getLabels().putScalar(i, d.labels()[i], 1f);
        }
        all.shuffle(1);
        for (DataSet b : all.batchBy(32)) {
            out.add(b);
        }
        return out;
    }

    /** 2 collaborators, 5 rounds, 1 epoch a round: aggregated accuracy per round and of the final model. */
    static void federated(String label, FederatedDataSet data) throws Exception {
        long t = System.nanoTime();
        ExperimentResult r = Experiment.builder().template("keras_cnn_mnist").collaborators(2).data(data)
                .override("aggregator.settings.rounds_to_train", 5).run();
        double seconds = (System.nanoTime() - t) / 1e9;
        LabeledData valid = data.all().validation();
        var x = Nd4j.create(valid.features(), new long[] {valid.size(), 1, 28, 28}, 'c');
        var predicted = r.network().output(x).argMax(1);
        int correct = 0;
        for (int i = 0; i < valid.size(); i++) {
            if (predicted.getInt(i) == valid.labels()[i]) {
                correct++;
            }
        }
        System.out.printf("%n%s (%.0f s in all)%n| round | aggregated_model_validation accuracy (model of the round"
                + " before) | locally_tuned_model_validation accuracy | train loss |%n|---|---|---|---|%n", label,
                seconds);
        List<Double> agg = r.history("aggregated_model_validation", "accuracy");
        List<Double> local = r.history("locally_tuned_model_validation", "accuracy");
        List<Double> loss = r.history("train", "loss");
        for (int i = 0; i < agg.size(); i++) {
            System.out.printf("| %d | %.4f | %.4f | %.4f |%n", i + 1, agg.get(i), i < local.size() ? local.get(i) : -1,
                    i < loss.size() ? loss.get(i) : -1);
        }
        System.out.printf("final global model (after round 5) on all 2,000 validation digits: %.4f%n",
                (double) correct / valid.size());
    }
}
