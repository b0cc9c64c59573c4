package org.fl4j.protocol.openfl;

import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.wire.GetTasksResponse;
import org.fl4j.protocol.openfl.wire.MetadataProto;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.openfl.wire.Task;
import org.fl4j.protocol.openfl.wire.TaskResults;

/**
 * An OpenFL collaborator for tests, following openfl/component/collaborator/collaborator.py message for
 * message over {@link OpenFlTestClient}: ask for tasks (sleeping when told, stopping on quit); for each task
 * resolve the tensors its function needs from a local tensor cache, fetching missing global model tensors one
 * {@code GetAggregatedTensor} call each (tags {@code model}, lossless; or with delta updates after round 0 the
 * change since the cached previous model, tags {@code aggregated, delta, compressed}); run the function; send
 * metrics as one-value tensors tagged {@code metric} and the trained model tagged {@code trained} (or its
 * change, tagged {@code delta}), all in NoCompressionPipeline form, with the task's data size. Tasks are taken
 * from the collaborator's own plan by name, as OpenFL's classic task runners do.
 */
public final class OpenFlTestCollaborator {

    /** What the collaborator's task runner does. */
    public interface Runner {
        ModelWeights train(ModelWeights global, long round);

        double loss(long round);

        double accuracy(long round, boolean local);

        long trainSize();

        long validSize();
    }

    /** A task of the collaborator's plan: train, or validate the global or the locally trained model. */
    public record PlanTask(boolean train, boolean local) {
    }

    private final OpenFlTestClient client;
    private final ModelWeights layout;
    private final Map<String, PlanTask> plan;
    private final Runner runner;
    private final boolean deltaUpdates;
    private final Map<String, float[]> cache = new HashMap<>();
    private final List<Long> rounds = new ArrayList<>();

    public OpenFlTestCollaborator(OpenFlTestClient client, ModelWeights layout, Map<String, PlanTask> plan,
            Runner runner, boolean deltaUpdates) {
        this.client = client;
        this.layout = layout;
        this.plan = plan;
        this.runner = runner;
        this.deltaUpdates = deltaUpdates;
    }

    /** The default tasks of OpenFL's plans. */
    public static Map<String, PlanTask> defaultTasks() {
        return Map.of("aggregated_model_validation", new PlanTask(false, false), "train", new PlanTask(true, false),
                "locally_tuned_model_validation", new PlanTask(false, true));
    }

    public OpenFlTestClient client() {
        return client;
    }

    /** Runs until told to quit; returns the rounds it ran tasks in. */
    public List<Long> run() throws InterruptedException {
        if (client.version() == OpenFlTestClient.Version.V1_9) {
            client.ping();
        }
        while (true) {
            GetTasksResponse r = client.getTasks();
            if (r.getQuit()) {
                return List.copyOf(rounds);
            }
            if (r.getSleepTime() > 0) {
                Thread.sleep(r.getSleepTime() * 1000L);
                continue;
            }
            for (Task t : r.getTasksList()) {
                doTask(t.getName(), r.getRoundNumber());
            }
            if (!r.getTasksList().isEmpty() && (rounds.isEmpty() || rounds.get(rounds.size() - 1) != r.getRoundNumber())) {
                rounds.add((long) r.getRoundNumber());
            }
            cleanUp(r.getRoundNumber());
        }
    }

    /** Runs one task of {@code round} and sends its result. */
    public void doTask(String task, long round) {
        PlanTask p = plan.get(task);
        if (p == null) {
            throw new AssertionError(client.collaborator() + ": task '" + task + "' is not in its plan");
        }
        TaskResults.Builder results = TaskResults.newBuilder().setHeader(client.header()).setRoundNumber((int) round)
                .setTaskName(task).setDataSize((int) dataSize(task));
        if (p.train()) {
            ModelWeights global = globalModel(round);
            ModelWeights trained = runner.train(global, round);
            results.addTensors(metric("loss", round, runner.loss(round), List.of("compressed", "metric")));
            for (Tensor t : trained.tensors()) {
                cache.put(key(t.name(), "local", round, "trained"), t.values());
                float[] values = t.values();
                List<String> tags = List.of("compressed", "trained");
                if (deltaUpdates) {
                    float[] base = cache.get(key(t.name(), "local", round, "model"));
                    values = values.clone();
                    for (int i = 0; i < values.length; i++) {
                        values[i] -= base[i];
                    }
                    tags = List.of("compressed", "delta", "trained");
                }
                results.addTensors(tensor(t.name(), t.shape(), values, round, tags, !deltaUpdates, false));
            }
        } else {
            if (!p.local()) {
                globalModel(round);
            } else {
                for (Tensor t : layout.tensors()) {
                    if (!cache.containsKey(key(t.name(), "local", round, "trained"))) {
                        throw new AssertionError(client.collaborator() + ": no locally trained '" + t.name() + "'");
                    }
                }
            }
            String suffix = p.local() ? "validate_local" : "validate_agg";
            results.addTensors(metric("accuracy", round, runner.accuracy(round, p.local()),
                    List.of("compressed", "metric", suffix)));
        }
        client.sendLocalTaskResults(results.build());
    }

    /** The global model of the round, from the cache or tensor by tensor from the aggregator. */
    public ModelWeights globalModel(long round) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : layout.tensors()) {
            String key = key(t.name(), "agg", round, "model");
            float[] values = cache.get(key);
            if (values == null) {
                float[] prior = cache.get(key(t.name(), "agg", round - 1, "model"));
                if (deltaUpdates && round >= 1 && prior != null) {
                    float[] delta = downloaded(client.getAggregatedTensor(t.name(), round,
                            List.of("aggregated", "delta", "compressed"), false), t);
                    values = new float[delta.length];
                    for (int i = 0; i < delta.length; i++) {
                        values[i] = prior[i] + delta[i];
                    }
                } else {
                    values = downloaded(client.getAggregatedTensor(t.name(), round, List.of("model"), true), t);
                }
                cache.put(key, values);
                cache.put(key(t.name(), "local", round, "model"), values);
            }
            out.add(new Tensor(t.name(), t.shape(), values));
        }
        return new ModelWeights(out);
    }

    /** OpenFL's named_tensor_to_nparray: only a tensor tagged compressed is decoded (else its bytes are used raw). */
    private static float[] downloaded(NamedTensor t, Tensor expected) {
        if (!t.getTagsList().contains("compressed")) {
            throw new AssertionError("downloaded tensor '" + t.getName() + "' is not tagged compressed: " + t.getTagsList());
        }
        return decode(t, expected);
    }

    private long dataSize(String task) {
        if (task.contains("train")) {
            return runner.trainSize();
        }
        return task.contains("valid") ? runner.validSize() : -1;
    }

    /** Forgets what is older than the round before {@code round} (OpenFL's db_store_rounds). */
    private void cleanUp(long round) {
        cache.keySet().removeIf(k -> Long.parseLong(k.split("\u0000")[2]) < round - 1);
    }

    private static String key(String name, String origin, long round, String tag) {
        return name + "\u0000" + origin + "\u0000" + round + "\u0000" + tag;
    }

    private static NamedTensor metric(String name, long round, double value, List<String> tags) {
        return tensor(name, new int[0], new float[] {(float) value}, round, tags, true, true);
    }

    /** A tensor as OpenFL's NoCompressionPipeline and construct_named_tensor make it. */
    public static NamedTensor tensor(String name, int[] shape, float[] values, long round, List<String> tags,
            boolean lossless, boolean report) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        MetadataProto.Builder m = MetadataProto.newBuilder();
        for (int d : shape) {
            m.addIntList(d);
        }
        return NamedTensor.newBuilder().setName(name).setRoundNumber((int) round).setLossless(lossless)
                .setReport(report).addAllTags(tags).addTransformerMetadata(m)
                .setDataBytes(UnsafeByteOperations.unsafeWrap(b.array())).build();
    }

    /** NoCompressionPipeline's backward step: the shape from int_list, float32 values. */
    public static float[] decode(NamedTensor t, Tensor expected) {
        if (t.getTransformerMetadataCount() != 1) {
            throw new AssertionError("tensor '" + t.getName() + "' is not in NoCompressionPipeline form: " + t.getTagsList());
        }
        List<Integer> shape = t.getTransformerMetadata(0).getIntListList();
        int[] want = expected.shape();
        if (shape.size() != want.length) {
            throw new AssertionError("tensor '" + t.getName() + "' has shape " + shape);
        }
        for (int i = 0; i < want.length; i++) {
            if (shape.get(i) != want[i]) {
                throw new AssertionError("tensor '" + t.getName() + "' has shape " + shape);
            }
        }
        float[] out = new float[expected.size()];
        t.getDataBytes().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
