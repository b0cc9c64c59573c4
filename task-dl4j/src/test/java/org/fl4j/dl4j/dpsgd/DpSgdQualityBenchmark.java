package org.fl4j.dl4j.dpsgd;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.dl4j.NativeSetup;
import org.fl4j.dl4j.experiment.Experiment;
import org.fl4j.dl4j.experiment.ExperimentResult;
import org.fl4j.dl4j.experiment.FederatedDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learning quality under record-level DP (docs/benchmarks.md, "DP-SGD: accuracy against epsilon"):
 * keras_cnn_mnist on the embedded digits, 2 collaborators with the demo's round-robin split (4,000 training
 * digits each), 5 rounds, record-level DP-SGD at each noise multiplier given; prints the global model's
 * accuracy after each round (on all 2,000 validation digits for the last) and each site's epsilon at delta
 * 1e-5. Not a test: run with
 * {@code task-dl4j/run.sh org.fl4j.dl4j.dpsgd.DpSgdQualityBenchmark OPTIMIZER LR BATCH CLIP EPOCHS SIGMA...}
 * (a sigma of 0 runs without DP, for the baseline).
 */
public final class DpSgdQualityBenchmark {

    private DpSgdQualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NativeSetup.configure(1);
        String optimizer = args[0];
        String lr = args[1];
        int batch = Integer.parseInt(args[2]);
        String clip = args[3];
        int epochs = Integer.parseInt(args[4]);
        System.out.printf(Locale.ROOT, "java %s, %d cores, load average %.2f; %s lr %s, batch %d, clip norm %s, %d"
                + " epochs a round, 5 rounds, 2 collaborators%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), optimizer, lr, batch, clip,
                epochs);
        System.out.println("\n| noise multiplier | epsilon (delta 1e-5) | accuracy after rounds 1..4 (aggregated_model_"
                + "validation of rounds 2..5) | accuracy after round 5, 2,000 validation digits | seconds |\n"
                + "|---|---|---|---|---|");
        for (int i = 5; i < args.length; i++) {
            double sigma = Double.parseDouble(args[i]);
            long t = System.nanoTime();
            Experiment.Builder b = Experiment.builder().template("keras_cnn_mnist").collaborators(2)
                    .data(FederatedDataSet.embeddedMnist())
                    .override("aggregator.settings.rounds_to_train", 5)
                    .override("tasks.train.kwargs.epochs", epochs)
                    .override("tasks.train.kwargs.batch_size", batch)
                    .override("task_runner.settings.optimizer", optimizer)
                    .override("task_runner.settings.learning_rate", lr);
            if (sigma > 0) {
                b.override("privacy.settings.level", "record")
                        .override("privacy.settings.noise_multiplier", sigma)
                        .override("privacy.settings.clip_norm", clip)
                        .override("privacy.settings.target_delta", "1e-5");
            }
            ExperimentResult r = b.run();
            double seconds = (System.nanoTime() - t) / 1e9;
            List<Double> agg = r.history("aggregated_model_validation", "accuracy");
            List<Double> eps = r.history("train", "epsilon");
            StringBuilder rounds = new StringBuilder();
            for (int k = 1; k < agg.size(); k++) {
                rounds.append(k > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", agg.get(k)));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | **%.4f** | %.0f |%n", sigma > 0 ? String.valueOf(sigma)
                    : "none (plain training)", eps.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f",
                            eps.get(eps.size() - 1)), rounds, finalAccuracy(r), seconds);
        }
    }

    private static double finalAccuracy(ExperimentResult r) throws Exception {
        LabeledData valid = FederatedDataSet.embeddedMnist().all().validation();
        var x = Nd4j.create(valid.features(), new long[] {valid.size(), 1, 28, 28}, 'c');
        var predicted = r.network().output(x).argMax(1);
        int correct = 0;
        for (int i = 0; i < valid.size(); i++) {
            if (predicted.getInt(i) == valid.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / valid.size();
    }
}
