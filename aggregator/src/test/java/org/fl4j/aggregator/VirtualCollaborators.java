package org.fl4j.aggregator;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;

/**
 * N virtual collaborators of the many-collaborators federation (issue 27), shared by
 * {@link ManyCollaboratorsTest} (in the aggregator's JVM) and the many-collaborators benchmark (in a load JVM of
 * its own): each has its own certificate and mutual-TLS connection to the aggregator; all share one two-thread
 * Netty event loop and each runs on a thread of its own, and at most {@code active} of them hold a model at once
 * (the others wait, connected, as if training), so that a thousand fit in one JVM. A collaborator "trains" by
 * adding a shift of its own to the global model ({@link ScaleFederation#trained}). It records the bytes it moves,
 * every failed call, and when each round's last upload was acknowledged.
 */
public final class VirtualCollaborators implements AutoCloseable {

    private final NioEventLoopGroup loop = new NioEventLoopGroup(2);
    private final ExecutorService grpc = Executors.newCachedThreadPool();
    private final ExecutorService sites;
    private final Semaphore working;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Future<?>> running = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLongArray roundEnds;
    private final long start = System.nanoTime();

    private VirtualCollaborators(int n, int rounds, int active) {
        sites = Executors.newFixedThreadPool(n);
        working = new Semaphore(active);
        roundEnds = new AtomicLongArray(rounds);
    }

    /**
     * Connects collaborator {@code i} of {@code names} with the certificate {@code tls.apply(i)} to the aggregator
     * on loopback {@code port} and starts it, one after the other; collaborators for which {@code killed} holds
     * close their connection after their first download and stop, as a killed process. The clock of round 0
     * starts here, so round 0 includes the connections' set-up and handshakes.
     */
    public static VirtualCollaborators start(int port, String federationId, List<String> names,
            IntFunction<TlsFiles> tls, int rounds, int active, IntPredicate killed) {
        VirtualCollaborators v = new VirtualCollaborators(names.size(), rounds, active);
        for (int i = 0; i < names.size(); i++) {
            ManagedChannel channel = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, port),
                            TlsContexts.client(tls.apply(i)))
                    .eventLoopGroup(v.loop).channelType(NioSocketChannel.class).executor(v.grpc)
                    .maxInboundMessageSize(ScaleFederation.LIMITS.maxMessageBytes()).build();
            v.channels.add(channel);
            FederationClient client = new FederationClient(channel, new Route(names.get(i), TestPki.AGGREGATOR,
                    federationId), ScaleFederation.LIMITS, Duration.ofMinutes(10));
            int index = i;
            Runnable kill = killed.test(i) ? channel::shutdownNow : null;
            v.running.add(v.sites.submit(() -> v.run(client, index, kill)));
        }
        return v;
    }

    /** Waits until every collaborator has been told to quit (or was killed), at most {@code timeout} each. */
    public void await(Duration timeout) throws Exception {
        for (Future<?> f : running) {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Every failed call, one line each naming the collaborator. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Bytes of model downloads and update uploads (4 a parameter). */
    public long bytes() {
        return bytes.get();
    }

    /**
     * Seconds of each round: round 0 from {@link #start} (connections included) to its last acknowledged upload,
     * each later round from the previous round's last upload to its own.
     */
    public double[] roundSeconds() {
        double[] out = new double[roundEnds.length()];
        for (int r = 0; r < out.length; r++) {
            out[r] = (roundEnds.get(r) - (r == 0 ? start : roundEnds.get(r - 1))) / 1e9;
        }
        return out;
    }

    /** Asks for tasks until told to quit, running each round's training task. */
    private void run(FederationClient client, int index, Runnable kill) {
        try {
            while (true) {
                TasksOutcome o = client.tasks(Duration.ofSeconds(20));
                if (o instanceof TasksOutcome.Quit) {
                    return;
                }
                if (!(o instanceof TasksOutcome.Assignment a)) {
                    continue;
                }
                working.acquireUninterruptibly();
                try {
                    ModelWeights global = client.model(a.round());
                    bytes.addAndGet(4L * global.parameterCount());
                    if (kill != null) {
                        kill.run();
                        return;
                    }
                    ModelWeights trained = ScaleFederation.trained(global, index, a.round());
                    client.send(new TaskUpload(a.round(), "train", ScaleFederation.samples(index),
                            Map.of("loss", 1.0 / (index + 1)), trained));
                    bytes.addAndGet(4L * trained.parameterCount());
                } finally {
                    working.release();
                }
                long now = System.nanoTime();
                roundEnds.accumulateAndGet((int) a.round(), now, Math::max);
            }
        } catch (RuntimeException e) {
            failures.add("site " + index + ": " + e);
        }
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        sites.shutdownNow();
        grpc.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
