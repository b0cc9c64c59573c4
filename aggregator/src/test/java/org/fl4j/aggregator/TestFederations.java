package org.fl4j.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * Aggregator configurations for tests, built like the plan's defaults: the three OpenFL tasks, every
 * collaborator in one group, FedAvg, best model by aggregated validation accuracy; a small model with awkward
 * tensor sizes and 64-byte chunks so every transfer takes many chunks.
 */
public final class TestFederations {

    public static final String AGGREGATOR = "localhost";
    public static final String FEDERATION = "fl4j-0123456789abcdef";
    public static final List<String> COLLABORATORS = List.of("alpha", "bravo", "charlie");
    public static final List<String> TASKS = List.of("aggregated_model_validation", "train",
            "locally_tuned_model_validation");
    public static final WireLimits LIMITS = new WireLimits(64, 1 << 20);

    private TestFederations() {
    }

    public static Map<String, TaskSpec> tasks() {
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        tasks.put("aggregated_model_validation", task("aggregated_model_validation", "validate",
                Map.of("apply", "global", "metrics", List.of("accuracy"))));
        tasks.put("train", task("train", "train", Map.of("metrics", List.of("loss"), "epochs", 1)));
        tasks.put("locally_tuned_model_validation", task("locally_tuned_model_validation", "validate",
                Map.of("apply", "local", "metrics", List.of("accuracy"))));
        return tasks;
    }

    static TaskSpec task(String name, String function, Map<String, Object> kwargs) {
        return new TaskSpec(name, function, new Settings("tasks." + name + ".kwargs", kwargs),
                new Component(TaskSpec.DEFAULT_AGGREGATION, new Settings("tasks." + name + ".aggregation_type.settings",
                        Map.of())));
    }

    /** A federation of {@code rounds} rounds in {@code workspace} with the given straggler policy. */
    public static AggregatorConfig config(Path workspace, int rounds, StragglerPolicy straggler) {
        return config(workspace, rounds, straggler, 2);
    }

    /** As above, receiving at most {@code uploads} training results at the same time. */
    public static AggregatorConfig config(Path workspace, int rounds, StragglerPolicy straggler, int uploads) {
        Assigner assigner = new Assigner.RandomGrouped(List.of(new Assigner.RandomGroup("train_and_validate", 1.0,
                TASKS)));
        return new AggregatorConfig(AGGREGATOR, FEDERATION, COLLABORATORS, rounds, assigner, tasks(), straggler,
                new BestModelMetric(BestModelMetric.DEFAULT_TASK, BestModelMetric.DEFAULT_METRIC, true),
                AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.fl4j"), Path.of("save/best.fl4j"),
                        Path.of("save/last.fl4j"), Path.of("save/checkpoint.fl4j")),
                LIMITS, Duration.ofSeconds(2), Duration.ofSeconds(3), 7, Map.of("plan_hash", "test"), uploads,
                org.fl4j.plan.UpdateStaging.MEMORY);
    }

    /** {@code c} with its updates staged as {@code staging} says. */
    public static AggregatorConfig staged(AggregatorConfig c, org.fl4j.plan.UpdateStaging staging) {
        return new AggregatorConfig(c.name(), c.federationId(), c.collaborators(), c.roundsToTrain(), c.assigner(),
                c.tasks(), c.straggler(), c.bestModelMetric(), c.paths(), c.limits(), c.longPoll(), c.quitGrace(),
                c.seed(), c.provenance(), c.maxConcurrentUploads(), staging);
    }

    /** {@code c} with its collaborators sampled as {@code sampling} says. */
    public static AggregatorConfig sampled(AggregatorConfig c, org.fl4j.plan.Sampling sampling) {
        Assigner.RandomGrouped a = (Assigner.RandomGrouped) c.assigner();
        return new AggregatorConfig(c.name(), c.federationId(), c.collaborators(), c.roundsToTrain(),
                new Assigner.RandomGrouped(a.taskGroups(), sampling), c.tasks(), c.straggler(), c.bestModelMetric(),
                c.paths(), c.limits(), c.longPoll(), c.quitGrace(), c.seed(), c.provenance(), c.maxConcurrentUploads(),
                c.updateStaging(), c.updatePath());
    }

    public static AggregatorConfig config(Path workspace, int rounds) {
        return config(workspace, rounds, new StragglerPolicy.WaitForAll());
    }

    /** The initial model: tensors of 1, 13 and 3x7 values. */
    public static ModelWeights initialModel() {
        return new ModelWeights(List.of(tensor("dense/b", new int[] {1}, 0.5f), tensor("dense/w", new int[] {13}, -1f),
                tensor("out/w", new int[] {3, 7}, 0.25f)));
    }

    static Tensor tensor(String name, int[] shape, float base) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + 0.125f * i;
        }
        return new Tensor(name, shape, v);
    }

    public static void writeInitialModel(AggregatorConfig config) {
        try {
            ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), initialModel()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a collaborator "trains": the global model plus a collaborator- and round-specific shift. */
    public static ModelWeights trained(ModelWeights global, String collaborator, long round) {
        List<Tensor> out = new ArrayList<>();
        float shift = (COLLABORATORS.indexOf(collaborator) + 1) * 0.5f + round;
        for (Tensor t : global.tensors()) {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += shift * (i % 3 - 1);
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }

    /** Sample count of a collaborator's training data. */
    public static long samples(String collaborator) {
        return 100L * (COLLABORATORS.indexOf(collaborator) + 1);
    }

    /** The FedAvg of {@link #trained} weighted by {@link #samples}, computed directly. */
    public static ModelWeights expectedAverage(ModelWeights global, List<String> collaborators, long round) {
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < global.tensorCount(); t++) {
            Tensor g = global.tensors().get(t);
            double[] acc = new double[g.size()];
            double total = 0;
            for (String c : collaborators) {
                float[] v = trained(global, c, round).tensors().get(t).values();
                for (int i = 0; i < v.length; i++) {
                    acc[i] += samples(c) * (double) v[i];
                }
                total += samples(c);
            }
            float[] mean = new float[acc.length];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (float) (acc[i] / total);
            }
            out.add(new Tensor(g.name(), g.shape(), mean));
        }
        return new ModelWeights(out);
    }

    /** The checkpoint the aggregator of {@code config} saved, with its model (from the last-model file). */
    public static org.fl4j.protocol.model.Checkpoint checkpoint(AggregatorConfig config) throws java.io.IOException {
        return new org.fl4j.aggregator.store.FederationStore(config.paths(), Map.of()).checkpoint().orElseThrow();
    }

    public static List<String> metricsLines(AggregatorConfig config) {
        try {
            return Files.exists(config.paths().metricsLog())
                    ? Files.readAllLines(config.paths().metricsLog(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
