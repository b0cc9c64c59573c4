package org.fl4j.dl4j.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fl4j.collaborator.data.segmentation.SegmentationData;
import org.fl4j.collaborator.data.segmentation.SegmentationLoader;
import org.fl4j.collaborator.data.segmentation.SegmentationSplit;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.dl4j.Models;
import org.fl4j.dl4j.NativeSetup;
import org.fl4j.dl4j.SegmentationTaskRunner;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.workspace.WorkspaceCreator;

/**
 * The dl4j_unet_2d U-Net on the SYNTHETIC MRI-like slices of 3 institutions (docs/benchmarks.md, "U-Net:
 * federated against single institutions and centralised"): Dice of the federated model (FedAvg computed in
 * this JVM as the aggregator does: the training-sample-weighted mean of the sites' weights, ROUNDS rounds of
 * EPOCHS local epochs), of each institution's model trained alone and of a model trained on all training data
 * pooled (both ROUNDS x EPOCHS epochs), each on every institution's held-out subjects. With {@code timing SIZE},
 * seconds per epoch and peak memory of one site's training at SIZE x SIZE instead. Not a test: run with
 * {@code task-dl4j/run.sh org.fl4j.dl4j.bench.UNetInstitutionsBenchmark [ROUNDS EPOCHS SIZE]} (defaults 6 2 64)
 * or {@code ... UNetInstitutionsBenchmark timing 128}.
 */
public final class UNetInstitutionsBenchmark {

    private static final int SITES = 3;

    private UNetInstitutionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NativeSetup.configure(1);
        Path ws = WorkspaceCreator.create(Files.createTempDirectory("unet-bench"), Path.of("ws"), "dl4j_unet_2d");
        if (args.length == 2 && args[0].equals("timing")) {
            timing(ws, Integer.parseInt(args[1]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        System.out.printf(Locale.ROOT, "java %s, %d cores, load average %.2f; %d institutions, %d rounds x %d epochs,"
                + " %dx%d slices%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), SITES, rounds, epochs, size, size);
        List<SegmentationSplit> sites = new ArrayList<>();
        for (int s = 1; s <= SITES; s++) {
            sites.add(data(ws, s, size));
        }
        List<String> rows = new ArrayList<>();
        rows.add(row(ws, "federated (FedAvg, 3 institutions)", federated(ws, sites, rounds, epochs), sites));
        for (int s = 0; s < SITES; s++) {
            SegmentationTaskRunner alone = runner(ws, sites.get(s), 0);
            train(alone, rounds * epochs);
            rows.add(row(ws, "institution " + (s + 1) + " alone", alone.weights(), sites));
        }
        SegmentationSplit pooled = new SegmentationSplit(SegmentationData.concat("pooled",
                sites.stream().map(SegmentationSplit::train).toList()), sites.get(0).validation());
        SegmentationTaskRunner central = runner(ws, pooled, 0);
        train(central, rounds * epochs);
        rows.add(row(ws, "centralised (pooled data)", central.weights(), sites));
        System.out.println("\n| model | Dice on institution 1 | 2 | 3 | mean |\n|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static SegmentationSplit data(Path ws, int site, int size) throws Exception {
        return SegmentationLoader.load(ws, "site" + site, String.valueOf(site), new Settings("data_loader.settings",
                Map.of("format", "synthetic_mri", "image_size", size, "subjects", 8, "slices_per_subject", 16,
                        "validation_fraction", 0.25)), 0);
    }

    private static SegmentationTaskRunner runner(Path ws, SegmentationSplit data, long seed) throws Exception {
        Settings ts = new Settings("task_runner.settings", Map.of("model_class", "unet.SmallUNet", "code_dir",
                "code", "batch_size", 4));
        return new SegmentationTaskRunner("bench", Models.build(Models.Kind.SEGMENTATION, ws, ts, seed), data, ts,
                seed);
    }

    private static void train(SegmentationTaskRunner r, int epochs) {
        r.train(new TaskContext("bench", 0, "train", new Settings("k", Map.of("epochs", epochs)),
                OptTreatment.RESET));
    }

    private static ModelWeights federated(Path ws, List<SegmentationSplit> sites, int rounds, int epochs)
            throws Exception {
        List<SegmentationTaskRunner> runners = new ArrayList<>();
        for (SegmentationSplit s : sites) {
            runners.add(runner(ws, s, 0));
        }
        ModelWeights global = runners.get(0).weights();
        for (int r = 0; r < rounds; r++) {
            List<ModelWeights> updates = new ArrayList<>();
            double[] weights = new double[runners.size()];
            for (int i = 0; i < runners.size(); i++) {
                SegmentationTaskRunner site = runners.get(i);
                site.setWeights(global);
                site.train(new TaskContext("site" + (i + 1), r, "train", new Settings("k", Map.of("epochs", epochs)),
                        OptTreatment.RESET));
                updates.add(site.weights());
                weights[i] = site.trainingSampleCount();
            }
            global = mean(updates, weights);
        }
        return global;
    }

    private static ModelWeights mean(List<ModelWeights> updates, double[] weights) {
        double total = java.util.Arrays.stream(weights).sum();
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < updates.get(0).tensorCount(); t++) {
            Tensor first = updates.get(0).tensors().get(t);
            float[] v = new float[first.size()];
            for (int i = 0; i < updates.size(); i++) {
                float[] u = updates.get(i).tensors().get(t).values();
                for (int k = 0; k < v.length; k++) {
                    v[k] += (float) (u[k] * weights[i] / total);
                }
            }
            out.add(new Tensor(first.name(), first.shape(), v));
        }
        return new ModelWeights(out);
    }

    private static String row(Path ws, String name, ModelWeights model, List<SegmentationSplit> sites) throws Exception {
        StringBuilder b = new StringBuilder("| ").append(name);
        double sum = 0;
        for (SegmentationSplit s : sites) {
            SegmentationTaskRunner eval = runner(ws, s, 0);
            eval.setWeights(model);
            double dice = eval.validate(new TaskContext("eval", 0, "validate", Settings.empty(), OptTreatment.RESET))
                    .metrics().get("dice_tumour");
            sum += dice;
            b.append(String.format(Locale.ROOT, " | %.3f", dice));
        }
        return b.append(String.format(Locale.ROOT, " | %.3f |", sum / sites.size())).toString();
    }

    private static void timing(Path ws, int size) throws Exception {
        SegmentationTaskRunner r = runner(ws, data(ws, 1, size), 0);
        train(r, 1);
        long start = System.nanoTime();
        train(r, 2);
        double perEpoch = (System.nanoTime() - start) / 2e9;
        System.out.printf(Locale.ROOT, "%n%dx%d: %d training slices, %.2f s an epoch (batch 4, one native thread),"
                + " peak RSS %s%n", size, size, r.trainingSampleCount(), perEpoch, peakRss());
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).strip();
            }
        }
        return "unknown";
    }
}
