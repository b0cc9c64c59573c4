package org.fl4j.dl4j.experiment;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OperationsOptions;
import org.fl4j.aggregator.PeerAuthentication;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.plan.Plan;
import org.fl4j.tree.IntermediateAggregator;

/**
 * One slice of a simulation spread over several processes (or SLURM nodes): this process runs a range of the
 * virtual sites behind intermediate aggregator {@code node} of the plan's tree, on an in-process server paced by
 * the parent, and takes part in the parent's federation over {@code parent} (mutual TLS with the node's
 * certificate). The parent, the root say, aggregates the slices as it would sites, and holds the models.
 */
final class SimulationSlice {

    /** Where the slice reports: its node, the plan as every site holds it (its federation), the channel. */
    record Upward(String node, Plan plan, ManagedChannel parent) {
    }

    private SimulationSlice() {
    }

    /**
     * Runs sites {@code from} to {@code from + count - 1} of {@code total} until the parent's federation ends;
     * {@code local} is the simulation's plan (its shards and settings), {@code upward.plan()} the federation's.
     */
    static SliceResult run(Path ws, Plan local, FederatedModel model, FederatedDataSet data, ModelSpec first,
            int threads, int from, int count, int total, Upward upward, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<VirtualSite> virtual = SimulationRun.virtualSites(ws, local, model, data, first, threads, from, count,
                total);
        List<String> names = virtual.stream().map(VirtualSite::name).toList();
        AggregatorConfig config = AggregatorConfig.forIntermediate(local, ws, upward.node(), names);
        String server = InProcessServerBuilder.generateName();
        ExecutorService loops = Executors.newFixedThreadPool(count + 1);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        AtomicLong peak = new AtomicLong();
        ManagedChannel channel = InProcessChannelBuilder.forName(server).build();
        long start = System.nanoTime();
        Subtree subtree = new Subtree();
        String reason;
        try (AggregatorServer hub = AggregatorServer.startIntermediate(InProcessServerBuilder.forName(server), config,
                subtree, OperationsOptions.NONE, PeerAuthentication.inProcess(new java.util.HashSet<>(names)),
                Clock.systemUTC())) {
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(ManagementFactory.getMemoryMXBean()
                    .getHeapMemoryUsage().getUsed(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
            List<Future<String>> runs = SimulationRun.startLoops(ws, local, virtual, channel, loops,
                    org.fl4j.collaborator.CollaboratorObserver.NONE);
            CollaboratorConfig toParent = CollaboratorConfig.fromPlan(upward.plan(), upward.node());
            Future<String> up = loops.submit(() -> new IntermediateAggregator(upward.node(), subtree, hub)
                    .run(upward.parent(), toParent));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            reason = up.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            for (Future<String> run : runs) {
                run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IOException("the slice behind " + upward.node() + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the slice did not finish within " + timeoutSeconds + " s", e);
        } finally {
            loops.shutdownNow();
            sampler.shutdownNow();
            channel.shutdownNow();
        }
        return new SliceResult(upward.node(), from, count, total, threads, first.network().parameterCount(),
                peak.get(), Duration.ofNanos(System.nanoTime() - start), reason);
    }
}
