package org.fl4j.dl4j.experiment;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.PeerAuthentication;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.privacy.RecordPrivacy;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.dl4j.Dl4jTaskRunner;
import org.fl4j.dl4j.InitialModels;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.plan.Plan;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;

/**
 * One simulation once its settings are checked: builds the model pool and the sites' shards, starts the
 * aggregator on an in-process server, runs one collaborator loop per site (one thread each, nearly all of
 * them waiting in their long poll or for a pooled model) over one shared in-process channel, and collects
 * the result while sampling the heap.
 */
final class SimulationRun {

    private final Path ws;
    private final Plan plan;
    private final FederatedModel model;
    private final FederatedDataSet data;
    private final int sites;
    private final int threads;
    private final long timeoutSeconds;

    SimulationRun(Path ws, Plan plan, FederatedModel model, FederatedDataSet data, int sites, int threads,
            long timeoutSeconds) {
        this.ws = ws;
        this.plan = plan;
        this.model = model;
        this.data = data;
        this.sites = sites;
        this.threads = threads;
        this.timeoutSeconds = timeoutSeconds;
    }

    SimulationResult run(ModelSpec first) throws IOException, InterruptedException {
        long seed = plan.aggregator().seed();
        AggregatorConfig config = AggregatorConfig.fromPlan(plan, ws);
        var settings = Dl4jTaskRunner.siteSettings(plan.taskRunner().settings(), plan.dataLoader().settings());
        ModelFile.write(config.paths().initModel(), InitialModels.of(plan, first, plan.taskRunner().template(),
                model.fromPlanDefinition() ? settings.getString("model", settings.getString("model_class",
                        plan.taskRunner().template())) : model.name(plan.taskRunner().template())));
        List<VirtualSite> virtual = virtualSites(ws, plan, model, data, first, threads, 1, sites, sites);
        Set<String> names = new HashSet<>();
        virtual.forEach(v -> names.add(v.name()));

        String server = InProcessServerBuilder.generateName();
        ExecutorService loops = Executors.newFixedThreadPool(sites);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        ManagedChannel channel = InProcessChannelBuilder.forName(server).build();
        TrafficTally traffic = new TrafficTally();
        long start = System.nanoTime();
        try (AggregatorServer aggregator = AggregatorServer.start(InProcessServerBuilder.forName(server), config,
                PeerAuthentication.inProcess(names), Clock.systemUTC())) {
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 100, TimeUnit.MILLISECONDS);
            List<Future<String>> runs = startLoops(ws, plan, virtual, channel, loops, traffic);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (Future<String> run : runs) {
                run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            aggregator.awaitFinished();
        } catch (ExecutionException e) {
            throw new IOException("a simulated site failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the simulation did not finish within " + timeoutSeconds + " s", e);
        } finally {
            loops.shutdownNow();
            sampler.shutdownNow();
            channel.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        SavedModel last = ModelFile.read(config.paths().lastModel());
        SavedModel best = Files.exists(config.paths().bestModel()) ? ModelFile.read(config.paths().bestModel()) : last;
        Dl4jTaskRunner holder = new Dl4jTaskRunner("result", first, data.all(), settings, seed);
        holder.setWeights(last.weights());
        TaskResult scored = holder.validate(new TaskContext("result", last.round(), "last_model_validation",
                new Settings("last_model_validation", Map.of()), OptTreatment.RESET));
        ExperimentResult experiment = new ExperimentResult(last, best, first.network(),
                MetricsLogReader.read(config.paths().metricsLog()));
        return new SimulationResult(experiment, sites, threads, first.network().parameterCount(), peak.get(), elapsed,
                scored.metrics().get("accuracy"), scored.sampleCount(), traffic.rounds());
    }

    /**
     * Virtual sites {@code from} to {@code from + count - 1} of {@code total}, each on its shard, sharing
     * {@code threads} pooled models ({@code first} and copies).
     */
    static List<VirtualSite> virtualSites(Path ws, Plan plan, FederatedModel model, FederatedDataSet data,
            ModelSpec first, int threads, int from, int count, int total) throws IOException {
        long seed = plan.aggregator().seed();
        String template = plan.taskRunner().template();
        var settings = Dl4jTaskRunner.siteSettings(plan.taskRunner().settings(), plan.dataLoader().settings());
        List<ModelSpec> models = new ArrayList<>(List.of(first));
        while (models.size() < threads) {
            models.add(model.build(ws, template, settings, seed));
        }
        ModelPool<ModelSpec> pool = new ModelPool<>(models);
        long splitSeed = plan.dataLoader().settings().getLong("split_seed", seed);
        List<VirtualSite> virtual = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            virtual.add(new VirtualSite(SimulationSites.name(i), data.shard(i, total, splitSeed), pool, settings,
                    seed));
        }
        return virtual;
    }

    /** One collaborator loop per virtual site over {@code channel}, each on a thread of {@code loops}. */
    static List<Future<String>> startLoops(Path ws, Plan plan, List<VirtualSite> virtual, ManagedChannel channel,
            ExecutorService loops, org.fl4j.collaborator.CollaboratorObserver observer) throws IOException {
        List<Future<String>> runs = new ArrayList<>();
        for (VirtualSite site : virtual) {
            String name = site.name();
            Collaborator collaborator = Collaborator.over(channel, CollaboratorConfig.fromPlan(plan, name),
                    RecordPrivacy.wrap(site, plan, name, ws)).forgetGlobalBetweenRounds().observedBy(observer);
            runs.add(loops.submit(collaborator::run));
        }
        return runs;
    }
}
