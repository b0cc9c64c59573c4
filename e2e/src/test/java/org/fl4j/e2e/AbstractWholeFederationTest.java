package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.pki.TestPki;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole federation in one JVM: the real aggregator and three real collaborator loops training the pure-Java
 * runner on MNIST shards, each site from its own workspace folder; run per transport.
 */
abstract class AbstractWholeFederationTest {

    @TempDir
    Path dir;

    protected TestPki pki;
    protected AggregatorServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    abstract AggregatorServer start(AggregatorConfig config) throws Exception;

    abstract ManagedChannel channel(String collaborator, Path site, Plan plan) throws Exception;

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    /** Creates the PKI and the sites of a 3-round federation and starts its aggregator. */
    Sites startFederation() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL);
        server = start(AggregatorConfig.fromPlan(PlanReader.read(sites.aggregator()), sites.aggregator()));
        return sites;
    }

    /** A real collaborator of {@code name}, its runner passed through {@code wrap}, running on a thread. */
    private Future<String> collaborator(String name, Sites sites, UnaryOperator<TaskRunner> wrap) throws Exception {
        Path site = sites.collaborator(name);
        Plan plan = PlanReader.read(site);
        ManagedChannel channel = channel(name, site, plan);
        channels.add(channel);
        TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                plan.aggregator().seed(), 1));
        Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name), wrap.apply(runner));
        return threads.submit(collaborator::run);
    }

    /**
     * bravo's round-0 update holds a NaN, which the aggregator refuses; bravo then crashes before its local
     * validation and starts again: the assignment lists train as failed, so the new bravo neither trains for
     * the federation nor sends train again in round 0, re-runs it locally for its local validation, and trains
     * as usual from round 1 on.
     */
    @Test
    void refusedTrainingThenRestart_taskFailedForTheRoundNotResent_andTheSiteTrainsNextRounds() throws Exception {
        Sites sites = startFederation();
        try (LogCapture log = new LogCapture(Collaborator.class.getName(), "aggregator",
                "org.fl4j.aggregator.round.Federation")) {
            List<Future<String>> others = new ArrayList<>();
            for (String name : List.of("alpha", "charlie")) {
                others.add(collaborator(name, sites, r -> r));
            }
            Future<String> crashing = collaborator("bravo", sites, PoisonedRoundZero::new);
            assertThatThrownBy(() -> crashing.get(120, TimeUnit.SECONDS)).hasRootCauseMessage("bravo crashes");

            Future<String> restarted = collaborator("bravo", sites, r -> r);
            assertThat(restarted.get(120, TimeUnit.SECONDS)).isEqualTo("all 3 rounds are done");
            for (Future<String> r : others) {
                assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("all 3 rounds are done");
            }
            server.awaitFinished();

            List<String> bravoTrain = Sites.lines(sites.metricsLog()).stream().filter(l -> l.contains(
                    "\"origin\":\"bravo\",\"task\":\"train\"")).map(l -> l.substring(0, l.indexOf(','))).toList();
            assertThat(bravoTrain).containsExactly("{\"round\":1", "{\"round\":2");
            assertThat(Sites.lines(sites.metricsLog())).anyMatch(l -> l.startsWith("{\"round\":0,\"origin\":\"bravo\","
                    + "\"task\":\"locally_tuned_model_validation\""));
            assertThat(log.lines()).contains("WARN The aggregator refused the result of train, round 0 earlier: the"
                    + " task failed for this round; not sending it again", "INFO Re-running train of round 0 locally:"
                    + " the aggregator refused its result, a later task needs the locally trained model")
                    .anyMatch(l -> l.startsWith("WARN Refused the result of train, round 0 from bravo: update from"
                            + " 'bravo' refused: tensor") && l.contains("value NaN is not finite"))
                    .noneMatch(l -> l.contains("refused earlier this round"));
        }
    }

    /** A runner whose round-0 update holds a NaN, and which crashes at its round-0 local validation. */
    private static final class PoisonedRoundZero implements TaskRunner {

        private final TaskRunner runner;
        private long round = -1;

        PoisonedRoundZero(TaskRunner runner) {
            this.runner = runner;
        }

        @Override
        public ModelWeights weights() {
            ModelWeights w = runner.weights();
            if (round != 0) {
                return w;
            }
            List<Tensor> tensors = new ArrayList<>(w.tensors());
            Tensor t = tensors.get(0);
            float[] v = t.values().clone();
            v[v.length / 2] = Float.NaN;
            tensors.set(0, new Tensor(t.name(), t.shape(), v));
            return new ModelWeights(tensors);
        }

        @Override
        public void setWeights(ModelWeights weights) {
            runner.setWeights(weights);
        }

        @Override
        public TaskResult train(TaskContext context) {
            round = context.round();
            return runner.train(context);
        }

        @Override
        public TaskResult validate(TaskContext context) {
            if (context.round() == 0 && context.task().equals("locally_tuned_model_validation")) {
                throw new IllegalStateException("bravo crashes");
            }
            return runner.validate(context);
        }

        @Override
        public long trainingSampleCount() {
            return runner.trainingSampleCount();
        }

        @Override
        public long validationSampleCount() {
            return runner.validationSampleCount();
        }
    }

    /**
     * Deltas quantised to int8 with error feedback and lz4 on the way up, fp16 models on the way down (from the
     * second round on as differences to the model each site holds): the federation trains as well as
     * uncompressed, and each site keeps its residual in its save folder.
     */
    @Test
    void compressedBothWays_int8DeltasUpFp16DeltasDown_trainToAbove85Percent() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL,
                AbstractWholeFederationTest::compression);
        server = start(AggregatorConfig.fromPlan(PlanReader.read(sites.aggregator()), sites.aggregator()));
        List<Future<String>> results = new ArrayList<>();
        for (String name : Sites.COLLABORATORS) {
            Path site = sites.collaborator(name);
            Plan plan = PlanReader.read(site);
            ManagedChannel channel = channel(name, site, plan);
            channels.add(channel);
            TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                    plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                    plan.aggregator().seed(), 1));
            results.add(threads.submit(Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name)
                    .withResidualIn(site), runner)::run));
        }
        for (Future<String> r : results) {
            assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("all 3 rounds are done");
        }
        server.awaitFinished();

        String lastAccuracy = Sites.lines(sites.metricsLog()).stream().filter(l -> l.startsWith("{\"round\":2,"
                + "\"origin\":\"aggregator\",\"task\":\"aggregated_model_validation\"")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(lastAccuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"))).isGreaterThan(0.85);
        for (String name : Sites.COLLABORATORS) {
            SavedModel residual = ModelFile.read(sites.collaborator(name).resolve("save/residual_" + name + ".fl4j"));
            assertThat(residual.round()).isEqualTo(2);
            assertThat(residual.weights().tensors().get(0).values()).isNotEqualTo(
                    new float[residual.weights().tensors().get(0).size()]);
        }
    }

    /** Deltas through int8 and lz4 up, fp16 down (deltas to the previous round's model). */
    static String compression(String plan) {
        return plan.replace("  defaults: plan/defaults/collaborator.yaml\n",
                "  defaults: plan/defaults/collaborator.yaml\n  settings:\n    delta_updates: true\n") + """
                compression_pipeline:
                  template: fl4j.Compression
                  settings:
                    upload: [{int8_blockwise: {block: 128}}, lz4]
                    download: [fp16]
                    download_delta_rounds: 1
                """;
    }

    @Test
    void threeSites_threeRounds_trainToAbove85PercentAndQuit() throws Exception {
        Sites sites = startFederation();
        Plan aggPlan = PlanReader.read(sites.aggregator());
        AggregatorConfig config = AggregatorConfig.fromPlan(aggPlan, sites.aggregator());

        List<Future<String>> results = new ArrayList<>();
        for (String name : Sites.COLLABORATORS) {
            Path site = sites.collaborator(name);
            Plan plan = PlanReader.read(site);
            assertThat(plan.federationId()).isEqualTo(aggPlan.federationId());
            ManagedChannel channel = channel(name, site, plan);
            channels.add(channel);
            TaskRunner runner = TaskRunners.create(plan.taskRunner().template(), new RunnerContext(site, name,
                    plan.dataPath(name).orElseThrow(), plan.taskRunner().settings(), plan.dataLoader().settings(),
                    plan.aggregator().seed(), 1));
            Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name), runner);
            results.add(threads.submit(collaborator::run));
        }
        for (Future<String> r : results) {
            assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("all 3 rounds are done");
        }
        server.awaitFinished();

        List<String> lines = Sites.lines(sites.metricsLog());
        assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"aggregator\"")).hasSize(3 * 3);
        for (String name : Sites.COLLABORATORS) {
            assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"" + name + "\"")).hasSize(3 * 3);
        }
        String lastAccuracy = lines.stream().filter(l -> l.startsWith("{\"round\":2,\"origin\":\"aggregator\","
                + "\"task\":\"locally_tuned_model_validation\"")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(lastAccuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"));
        assertThat(accuracy).isGreaterThan(0.85);
        SavedModel last = ModelFile.read(config.paths().lastModel());
        SavedModel best = ModelFile.read(config.paths().bestModel());
        assertThat(last.round()).isEqualTo(3);
        assertThat(best.round()).isEqualTo(2);
        assertThat(best.provenance()).containsEntry("plan_hash", aggPlan.hash());
    }
}
