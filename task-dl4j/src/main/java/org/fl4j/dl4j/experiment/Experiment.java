package org.fl4j.dl4j.experiment;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.PeerAuthentication;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.privacy.RecordPrivacy;
import org.fl4j.dl4j.Dl4jTaskRunner;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.workspace.WorkspaceCreator;

/**
 * A federated experiment in one JVM, as OpenFL's Python API runs one in a notebook: a workspace made from a
 * template, the plan with dotted-path overrides ({@code aggregator.settings.rounds_to_train=5}), the real
 * aggregator and N real collaborator loops talking over gRPC's in-process transport, each collaborator
 * training its own copy of the model on its shard of the data.
 *
 * <pre>{@code
 * ExperimentResult r = Experiment.builder()
 *         .template("keras_cnn_mnist")
 *         .collaborators(2)
 *         .data(FederatedDataSet.embeddedMnist())
 *         .override("aggregator.settings.rounds_to_train", 5)
 *         .run();
 * r.history("aggregated_model_validation", "accuracy");
 * }</pre>
 */
public final class Experiment {

    private final Builder b;

    private Experiment(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How an experiment is set up; every setting has a default. */
    public static final class Builder {
        private String template = "keras_cnn_mnist";
        private int collaborators = 2;
        private FederatedModel model = FederatedModel.fromPlan();
        private FederatedDataSet data;
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private Path workDir;
        private long timeoutSeconds = 3600;

        /** The workspace template the plan comes from (default keras_cnn_mnist). */
        public Builder template(String name) {
            this.template = name;
            return this;
        }

        /** Number of in-process collaborators (default 2), named col1, col2, ... */
        public Builder collaborators(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("collaborators must be >= 1, found " + count);
            }
            this.collaborators = count;
            return this;
        }

        /** The model (default: the plan's). */
        public Builder model(FederatedModel federatedModel) {
            this.model = federatedModel;
            return this;
        }

        /** The data to shard over the collaborators (default: the embedded MNIST digits, round-robin). */
        public Builder data(FederatedDataSet dataSet) {
            this.data = dataSet;
            return this;
        }

        /** A plan override by dotted path, applied over the template's plan. */
        public Builder override(String path, Object value) {
            overrides.put(path, value);
            return this;
        }

        /** Where the experiment's workspace is made (default: a new temporary folder). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** How long the whole experiment may take (default one hour). */
        public Builder timeoutSeconds(long seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        public ExperimentResult run() throws IOException, InterruptedException {
            return new Experiment(this).run();
        }
    }

    private ExperimentResult run() throws IOException, InterruptedException {
        Path parent = b.workDir != null ? Files.createDirectories(b.workDir) : Files.createTempDirectory("fl4j-exp-");
        Path ws = WorkspaceCreator.create(parent, Path.of("workspace"), b.template);
        List<String> names = new ArrayList<>();
        StringBuilder cols = new StringBuilder("collaborators:\n");
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= b.collaborators; i++) {
            names.add("col" + i);
            cols.append("  - col").append(i).append('\n');
            data.append("col").append(i).append(',').append(i).append('\n');
        }
        Files.writeString(ws.resolve(PlanFiles.COLS), cols, StandardCharsets.UTF_8);
        Files.writeString(ws.resolve(PlanFiles.DATA), data, StandardCharsets.UTF_8);
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data_loader.settings.collaborator_count", b.collaborators);
        overrides.put("aggregator.settings.quit_grace_seconds", 1);
        overrides.put("network.settings.agg_addr", "localhost");
        overrides.putAll(b.overrides);
        Plan plan = PlanReader.read(PlanFiles.of(ws), overrides);
        FederatedDataSet dataSet = b.data != null ? b.data : FederatedDataSet.embeddedMnist();
        long seed = plan.aggregator().seed();
        String template = plan.taskRunner().template();

        ModelSpec initial = b.model.build(ws, template, plan.taskRunner().settings(), seed);
        AggregatorConfig config = AggregatorConfig.fromPlan(plan, ws);
        ModelFile.write(config.paths().initModel(), org.fl4j.dl4j.InitialModels.of(plan, initial,
                template, b.model.fromPlanDefinition() ? plan.taskRunner().settings().getString("model",
                        plan.taskRunner().settings().getString("model_class", template)) : b.model.name(template)));

        String server = InProcessServerBuilder.generateName();
        ExecutorService threads = Executors.newFixedThreadPool(b.collaborators);
        List<ManagedChannel> channels = new ArrayList<>();
        try (AggregatorServer aggregator = AggregatorServer.start(InProcessServerBuilder.forName(server), config,
                PeerAuthentication.inProcess(new HashSet<>(names)), Clock.systemUTC())) {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                ModelSpec spec = b.model.build(ws, template, plan.taskRunner().settings(), seed);
                Dl4jTaskRunner runner = new Dl4jTaskRunner(name, spec, dataSet.shard(i + 1, names.size(),
                        plan.dataLoader().settings().getLong("split_seed", seed)),
                        Dl4jTaskRunner.siteSettings(plan.taskRunner().settings(), plan.dataLoader().settings()), seed);
                ManagedChannel channel = InProcessChannelBuilder.forName(server).build();
                channels.add(channel);
                Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name),
                        RecordPrivacy.wrap(runner, plan, name, ws));
                runs.add(threads.submit(collaborator::run));
            }
            for (Future<String> run : runs) {
                run.get(b.timeoutSeconds, TimeUnit.SECONDS);
            }
            aggregator.awaitFinished();
        } catch (ExecutionException e) {
            throw new IOException("a collaborator failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the experiment did not finish within " + b.timeoutSeconds + " s", e);
        } finally {
            threads.shutdownNow();
            for (ManagedChannel c : channels) {
                c.shutdownNow();
            }
        }
        SavedModel last = ModelFile.read(config.paths().lastModel());
        SavedModel best = Files.exists(config.paths().bestModel()) ? ModelFile.read(config.paths().bestModel()) : last;
        ModelSpec result = b.model.build(ws, template, plan.taskRunner().settings(), seed);
        Dl4jTaskRunner holder = new Dl4jTaskRunner("result", result, dataSet.all(), plan.taskRunner().settings(), seed);
        holder.setWeights(last.weights());
        return new ExperimentResult(last, best, result.network(), MetricsLogReader.read(config.paths().metricsLog()));
    }
}
