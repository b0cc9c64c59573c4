package org.fl4j.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The shape of the many-collaborators federation (issue 27), shared by {@link ManyCollaboratorsTest} and the
 * many-collaborators benchmark: the collaborators' names, the model, the aggregator's configuration (one train
 * task, FedAvg, 1 MiB chunks, {@code max_concurrent_uploads} 2 unless said otherwise, updates staged in memory), and what each
 * collaborator's "training" does to the model, so that the averaged result can be predicted.
 */
public final class ScaleFederation {

    /** 1 MiB chunks, messages up to 1 GiB. */
    public static final WireLimits LIMITS = new WireLimits(1 << 20, 1L << 30);

    private ScaleFederation() {
    }

    /** {@code site0000}, {@code site0001}, ...: names that sort in the order of their index. */
    public static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("site%04d", i));
        }
        return names;
    }

    /** A two-tensor model of about {@code parameters} values. */
    public static ModelWeights model(int parameters) {
        int cols = 10;
        int rows = Math.max(1, (parameters - cols) / cols);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 101) * 0.001f;
        }
        return new ModelWeights(List.of(new Tensor("dense/w", new int[] {rows, cols}, w),
                new Tensor("dense/b", new int[] {cols}, new float[cols])));
    }

    /** The aggregator's configuration in {@code workspace} for {@code names} over {@code rounds} rounds. */
    public static AggregatorConfig config(Path workspace, List<String> names, int rounds, StragglerPolicy policy) {
        return config(workspace, names, rounds, policy, 2);
    }

    /** The same with {@code uploads} as {@code max_concurrent_uploads}. */
    public static AggregatorConfig config(Path workspace, List<String> names, int rounds, StragglerPolicy policy,
            int uploads) {
        Assigner assigner = new Assigner.RandomGrouped(List.of(new Assigner.RandomGroup("train", 1.0,
                List.of("train"))));
        return new AggregatorConfig(TestFederations.AGGREGATOR, TestFederations.FEDERATION, names, rounds, assigner,
                Map.of("train", TestFederations.task("train", "train", Map.of("metrics", List.of("loss")))),
                policy, new BestModelMetric("train", "loss", false),
                AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.fl4j"), Path.of("save/best.fl4j"),
                        Path.of("save/last.fl4j"), Path.of("save/checkpoint.fl4j")),
                LIMITS, Duration.ofSeconds(10), Duration.ofSeconds(5), 7, Map.of("plan_hash", "test"), uploads,
                UpdateStaging.MEMORY);
    }

    /** Collaborator {@code index}'s sample count, its weight in FedAvg. */
    static long samples(int index) {
        return 10 + index % 7;
    }

    /** What collaborator {@code index} adds to every parameter in {@code round}. */
    static float shift(int index, long round) {
        return ((index % 11) - 5) * 0.01f + round * 0.001f;
    }

    /** Collaborator {@code index}'s update in {@code round}: the global model plus its shift. */
    static ModelWeights trained(ModelWeights global, int index, long round) {
        List<Tensor> out = new ArrayList<>();
        float s = shift(index, round);
        for (Tensor t : global.tensors()) {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += s;
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }

    /**
     * FedAvg of {@link #trained} over those of {@code n} collaborators that are {@code counted}: the global model
     * plus their mean shift weighted by samples.
     */
    static ModelWeights expectedAverage(ModelWeights global, long round, int n, IntPredicate counted) {
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < n; i++) {
            if (counted.test(i)) {
                sum += samples(i) * (double) shift(i, round);
                weight += samples(i);
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : global.tensors()) {
            float[] v = new float[t.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (t.values()[i] + sum / weight);
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }
}
