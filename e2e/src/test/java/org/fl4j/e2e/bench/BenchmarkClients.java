package org.fl4j.e2e.bench;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The collaborators' side of {@link RuntimeBenchmark}, in a JVM of its own so the aggregator's heap is measured
 * alone. Prints one line per measured cycle: {@code cycle <n> <millis>}.
 *
 * <p>Arguments: {@code fl4j|tls|tls-model host port pkiWorkspace collaborators parameters rounds federationId}.
 */
public final class BenchmarkClients {

    private BenchmarkClients() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        PkiLayout pki = PkiLayout.of(Path.of(args[3]));
        int n = Integer.parseInt(args[4]);
        int params = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        String federation = args[7];
        ExecutorService threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        CyclicBarrier start = new CyclicBarrier(n, warmMarks(rounds));
        List<Future<long[]>> cycles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "site" + i;
            TlsFiles tls = TlsFiles.collaborator(pki, name);
            cycles.add(threads.submit(() -> mode.equals("fl4j")
                    ? fl4jSite(host, port, tls, name, federation, params, rounds, start)
                    : PlainTls.site(host, port, tls, (long) params * 4, rounds, start, PlainTls.Buffers.ofMode(mode))));
        }
        long[][] all = new long[n][];
        for (int i = 0; i < n; i++) {
            all[i] = cycles.get(i).get(30, TimeUnit.MINUTES);
        }
        for (int c = 0; c < all[0].length / 2; c++) {
            long start0 = Long.MAX_VALUE;
            long end = 0;
            for (long[] site : all) {
                start0 = Math.min(start0, site[2 * c]);
                end = Math.max(end, site[2 * c + 1]);
            }
            System.out.println("cycle " + c + " " + (end - start0) / 1_000_000);
        }
        System.out.println("cpu " + cpuMillis() + " gc " + gcMillis() + " jit " + jitMillis());
        threads.shutdownNow();
    }

    /**
     * Prints this JVM's CPU time and JIT compilation time when the sites meet before the first cycle of the warm
     * half ({@code warm-start <cpu ms> <jit ms>}) and after the last cycle ({@code warm-end ...}; fl4j sites meet
     * once more before their last upload, plain TLS sites do not), so the parent can count the CPU of the warm
     * cycles and see whether the JIT was still compiling during them.
     */
    private static Runnable warmMarks(int rounds) {
        int[] trips = {0};
        return () -> {
            int trip = trips[0]++;
            if (trip == (rounds - 1) / 2) {
                System.out.println("warm-start " + cpuMillis() + " " + jitMillis());
            } else if (trip == rounds - 1) {
                System.out.println("warm-end " + cpuMillis() + " " + jitMillis());
            }
        };
    }

    /** CPU time this JVM has used so far, all threads, in milliseconds. */
    static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** Time this JVM's JIT compilers have spent compiling so far, in milliseconds. */
    static long jitMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Time this JVM's collectors have reported so far (pauses and concurrent work), in milliseconds. */
    static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Per cycle: nanoTime when the upload starts, nanoTime when the next round's model has arrived. */
    private static long[] fl4jSite(String host, int port, TlsFiles tls, String name, String federation, int params,
            int rounds, CyclicBarrier start) throws Exception {
        WireLimits limits = new WireLimits(Integer.getInteger("bench.chunkKb", 1024) * 1024, 1L << 30);
        ManagedChannel channel = CollaboratorChannels.mutualTls(host, port, tls, TlsVersion.TLS_1_3, limits);
        try {
            FederationClient client = new FederationClient(channel, new Route(name, host, federation), limits,
                    Duration.ofMinutes(10));
            ModelWeights update = model(params, name.hashCode());
            long[] times = new long[2 * (rounds - 1)];
            TasksOutcome outcome = client.tasks(Duration.ofSeconds(20));
            ModelWeights global = null;
            for (int r = 0; r < rounds; r++) {
                long round = ((TasksOutcome.Assignment) outcome).round();
                start.await();
                long t0 = System.nanoTime();
                client.send(new TaskUpload(round, "train", 1000 + r, Map.of("loss", 0.5), update));
                long t1 = System.nanoTime();
                outcome = client.tasks(Duration.ofSeconds(20));
                long t2 = System.nanoTime();
                if (outcome instanceof TasksOutcome.Assignment next) {
                    global = client.model(next.round(), global);
                    System.out.printf("%s round %d: upload %d ms, round close %d ms, download %d ms%n", name, r,
                            (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
                    times[2 * r] = t0;
                    times[2 * r + 1] = System.nanoTime();
                }
            }
            return times;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static ModelWeights model(int params, long seed) {
        int tensors = 5;
        Random random = new Random(seed);
        List<Tensor> out = new ArrayList<>();
        int left = params;
        for (int t = 0; t < tensors; t++) {
            int size = t == tensors - 1 ? left : params / tensors;
            left -= size;
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) random.nextGaussian() * 0.01f;
            }
            out.add(new Tensor("layer" + t + "/w", new int[] {size}, v));
        }
        return new ModelWeights(out);
    }
}
