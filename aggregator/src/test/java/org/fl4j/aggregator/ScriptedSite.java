package org.fl4j.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.UploadAck;

/**
 * A collaborator's protocol steps for aggregator tests, over the real client: it "trains" with
 * {@link TestFederations#trained} and reports accuracies derived from its name and the round.
 */
final class ScriptedSite {

    final String name;
    final FederationClient client;

    ScriptedSite(String name, FederationClient client) {
        this.name = name;
        this.client = client;
    }

    /** Mean of {@link #accuracy} over the three sites, weighted by their validation samples (50, 100, 150). */
    static double meanAccuracy(long round, boolean local) {
        double sum = 0;
        for (String c : TestFederations.COLLABORATORS) {
            sum += TestFederations.samples(c) / 2 * accuracy(c, round, local);
        }
        return sum / 300;
    }

    static double accuracy(String name, long round, boolean local) {
        return 0.5 + 0.1 * round + (local ? 0.05 : 0) + 0.01 * TestFederations.COLLABORATORS.indexOf(name);
    }

    TasksOutcome tasks() {
        return client.tasks(Duration.ofSeconds(2));
    }

    /** Runs every pending task of the assignment; returns the acks. */
    void runRound(TasksOutcome.Assignment a) {
        ModelWeights global = client.model(a.round());
        for (String task : a.pending()) {
            UploadAck ack = client.send(result(task, a.round(), global));
            if (ack.duplicate()) {
                throw new AssertionError(name + ": " + task + " acknowledged as a duplicate");
            }
        }
    }

    TaskUpload result(String task, long round, ModelWeights global) {
        return switch (task) {
            case "train" -> new TaskUpload(round, task, TestFederations.samples(name),
                    Map.of("loss", 1.0 / (round + 2)), TestFederations.trained(global, name, round));
            case "aggregated_model_validation" -> TaskUpload.metricsOnly(round, task, TestFederations.samples(name) / 2,
                    Map.of("accuracy", accuracy(name, round, false)));
            default -> TaskUpload.metricsOnly(round, task, TestFederations.samples(name) / 2,
                    Map.of("accuracy", accuracy(name, round, true)));
        };
    }

    /** {@code u} with element {@code element} of tensor {@code tensor} set to {@code value}. */
    static TaskUpload withValue(TaskUpload u, int tensor, int element, float value) {
        List<Tensor> tensors = new ArrayList<>(u.tensors().tensors());
        Tensor t = tensors.get(tensor);
        float[] v = t.values().clone();
        v[element] = value;
        tensors.set(tensor, new Tensor(t.name(), t.shape(), v));
        return new TaskUpload(u.round(), u.task(), u.sampleCount(), u.metrics(), new ModelWeights(tensors));
    }

    /** {@code u} reporting {@code value} for each of its metrics. */
    static TaskUpload withMetrics(TaskUpload u, double value) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        u.metrics().keySet().forEach(k -> metrics.put(k, value));
        return new TaskUpload(u.round(), u.task(), u.sampleCount(), metrics, u.tensors());
    }

    /** Asks for tasks and runs them; returns the round run. */
    long nextRound() {
        TasksOutcome o = tasks();
        if (!(o instanceof TasksOutcome.Assignment a)) {
            throw new AssertionError(name + " expected an assignment, got " + o);
        }
        runRound(a);
        return a.round();
    }
}
