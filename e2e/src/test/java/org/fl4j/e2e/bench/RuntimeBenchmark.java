package org.fl4j.e2e.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.TaskSpec;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The runtime benchmark: N collaborators (a separate JVM) upload a model-sized update each to the aggregator
 * (this JVM) over loopback mutual TLS; the aggregator folds them into FedAvg, saves the models and checkpoint,
 * and serves the new model, which each collaborator downloads. Timed from the first upload's start to the last
 * download's end, per round; compared with moving the same bytes (N uploads, then N downloads) through plain
 * JDK TLS 1.3 sockets between the same two JVMs ({@link PlainTls}), once through 1 MiB buffers that stay in
 * the CPU's caches and once from and into model-sized arrays. Also reports the aggregator JVM's largest live
 * heap.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Pruntime-benchmark -pl e2e -am test -DskipTests}, with
 * {@code -Dbench.params=25000000 -Dbench.collaborators=4 -Dbench.rounds=3}.
 */
public final class RuntimeBenchmark {

    /**
     * What a clients JVM reported: its cycle times, and its CPU and collector time, in milliseconds; and the CPU
     * and JIT compilation time both JVMs (the clients' and this one) used over the warm half of the cycles.
     */
    record ClientsRun(List<Long> cycles, long cpuMillis, long gcMillis, long warmCpuMillis, long warmJitMillis) {

        /** CPU milliseconds of both JVMs per cycle of the warm half. */
        long warmCpuPerCycle() {
            return warmCpuMillis / warmCycles();
        }

        /** JIT compilation milliseconds of both JVMs per cycle of the warm half. */
        long warmJitPerCycle() {
            return warmJitMillis / warmCycles();
        }

        private int warmCycles() {
            return cycles.size() - cycles.size() / 2;
        }
    }

    /** Netty's leak detection level (grpc-netty-shaded's relocated property), passed on to the clients JVM. */
    private static final String LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

    private RuntimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int params = Integer.parseInt(System.getProperty("bench.params", "25000000"));
        int n = Integer.parseInt(System.getProperty("bench.collaborators", "4"));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        Path dir = Files.createTempDirectory("fl4j-runtime-bench");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("site" + i);
        }
        TestPki pki = TestPki.create(dir.resolve("pki"), names.toArray(String[]::new));
        double modelMb = params * 4.0 / (1 << 20);
        System.out.printf(Locale.ROOT, "model: %,d float32 parameters (%.1f MiB), %d collaborators, %d rounds;"
                + " both JVMs %s %s; the aggregator's %s%n", params, modelMb, n, rounds,
                System.getProperty("bench.gc", "-XX:+UseG1GC"),
                System.getProperty("bench.thp", "-XX:-UseTransparentHugePages"),
                System.getProperty("bench.generations", "-XX:NewRatio=2"));

        long bytes = (long) params * 4;
        boolean modelSized = bytes <= Integer.MAX_VALUE - 16 && bytes < Runtime.getRuntime().maxMemory() / 2;
        ClientsRun chunkBefore = baseline(pki, n, bytes, rounds, PlainTls.Buffers.CHUNK, "before");
        ClientsRun modelBefore = modelSized ? baseline(pki, n, bytes, rounds, PlainTls.Buffers.MODEL, "before") : null;

        AggregatorConfig config = config(dir.resolve("aggregator"), names, rounds);
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), BenchmarkClients.model(params, 0)));
        long idle = HeapWatch.liveNow();
        HeapWatch watch = new HeapWatch();
        ClientsRun fl4jRun;
        Profile profile = Profile.start("aggregator");
        long cpuBefore = BenchmarkClients.cpuMillis();
        long gcBefore = BenchmarkClients.gcMillis();
        try (AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC())) {
            watch.reset();
            fl4jRun = clients("fl4j", server.port(), pki, n, params, rounds, config.federationId());
            server.awaitFinished();
        } finally {
            profile.stop();
        }
        List<Long> fl4j = fl4jRun.cycles();
        System.out.println("fl4j (upload, FedAvg, save, serve), per cycle (ms): " + fl4j);
        System.out.printf(Locale.ROOT, "CPU time over the whole federation (%d rounds, warm-up included): aggregator"
                + " %.1f s (collector %.1f s), collaborators %.1f s (collector %.1f s)%n", rounds,
                (BenchmarkClients.cpuMillis() - cpuBefore) / 1000.0, (BenchmarkClients.gcMillis() - gcBefore) / 1000.0,
                fl4jRun.cpuMillis() / 1000.0, fl4jRun.gcMillis() / 1000.0);
        ClientsRun modelAfter = modelSized ? baseline(pki, n, bytes, rounds, PlainTls.Buffers.MODEL, "after") : null;
        ClientsRun chunkAfter = baseline(pki, n, bytes, rounds, PlainTls.Buffers.CHUNK, "after");

        Comparison.print(fl4jRun, PlainTls.Buffers.CHUNK, chunkBefore, chunkAfter);
        if (modelSized) {
            Comparison.print(fl4jRun, PlainTls.Buffers.MODEL, modelBefore, modelAfter);
        } else {
            System.out.println("plain TLS through model-sized arrays: skipped, the model is over half this heap");
        }
        System.out.printf(Locale.ROOT, "aggregator heap: %.0f MiB live before the federation, largest heap after a"
                + " collection during it %.0f MiB = %.2fx the model (%.2fx above the idle heap; includes garbage"
                + " not yet collected)%n", idle / 1048576.0, watch.maxLiveBytes() / 1048576.0,
                watch.maxLiveBytes() / (params * 4.0), (watch.maxLiveBytes() - idle) / (params * 4.0));
        liveHeap(dir.resolve("aggregator-live"), pki, names, params, idle);
    }

    /** The median of the second half of the cycles (the JIT has compiled the hot paths by then). */
    static long warmMedian(List<Long> cycles) {
        return median(warmHalf(cycles));
    }

    static List<Long> warmHalf(List<Long> cycles) {
        return cycles.subList(cycles.size() / 2, cycles.size());
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** A second federation of 3 rounds with the live heap sampled by full collections every 100 ms. */
    private static void liveHeap(Path workspace, TestPki pki, List<String> names, int params, long idle)
            throws Exception {
        AggregatorConfig config = config(workspace, names, 3);
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), BenchmarkClients.model(params, 0)));
        HeapWatch sampled = new HeapWatch();
        try (AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC())) {
            Runnable stop = sampled.sampleLive(Duration.ofMillis(100));
            try {
                clients("fl4j", server.port(), pki, names.size(), params, 3, config.federationId());
                server.awaitFinished();
            } finally {
                stop.run();
            }
        }
        System.out.printf(Locale.ROOT, "aggregator live heap (sampled by full collections every 100 ms, separate run):"
                + " largest %.0f MiB = %.2fx the model (%.2fx above the idle heap)%n",
                sampled.maxSampledBytes() / 1048576.0, sampled.maxSampledBytes() / (params * 4.0),
                (sampled.maxSampledBytes() - idle) / (params * 4.0));
    }

    static AggregatorConfig config(Path workspace, List<String> names, int rounds) {
        TaskSpec train = new TaskSpec("train", "train", new Settings("tasks.train.kwargs", Map.of()),
                new Component(TaskSpec.DEFAULT_AGGREGATION, new Settings("tasks.train.aggregation_type.settings",
                        Map.of())));
        return new AggregatorConfig("localhost", "fl4j-benchmark", names, rounds,
                new Assigner.RandomGrouped(List.of(new Assigner.RandomGroup("train", 1.0, List.of("train")))),
                Map.of("train", train), new StragglerPolicy.WaitForAll(),
                new BestModelMetric("train", "loss", false),
                AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.fl4j"), Path.of("save/best.fl4j"),
                        Path.of("save/last.fl4j"), Path.of("save/checkpoint.fl4j")),
                new WireLimits(Integer.getInteger("bench.chunkKb", 1024) * 1024, 1L << 30), Duration.ofSeconds(20), Duration.ofSeconds(5), 0, Map.of(),
                Integer.getInteger("bench.uploads", 2),
                UpdateStaging.valueOf(System.getProperty("bench.staging", "auto").toUpperCase(java.util.Locale.ROOT)));
    }

    private static ClientsRun baseline(TestPki pki, int n, long bytes, int rounds, PlainTls.Buffers buffers,
            String when) throws Exception {
        ClientsRun run = PlainTls.run(pki, n, bytes, rounds, buffers);
        System.out.println("plain TLS 1.3 sockets, " + buffers.label + ", " + when + " fl4j, per cycle (ms): "
                + run.cycles());
        return run;
    }

    static ClientsRun clients(String mode, int port, TestPki pki, int n, int params, int rounds,
            String federation) throws Exception {
        List<String> command = new ArrayList<>();
        String cpus = System.getProperty("bench.clientsCpus", "");
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules=jdk.incubator.vector", System.getProperty("bench.gc", "-XX:+UseG1GC"),
                System.getProperty("bench.thp", "-XX:-UseTransparentHugePages"),
                "-Xmx" + Math.max(1024, 3L * n * params * 4 / (1 << 20)) + "m",
                "-Dbench.chunkKb=" + Integer.getInteger("bench.chunkKb", 1024),
                "-D" + LEAK_DETECTION + "=" + System.getProperty(LEAK_DETECTION, "simple")));
        command.addAll(Profile.jvmOptions("clients-" + mode));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkClients.class.getName(), mode,
                "localhost", Integer.toString(port), pki.workspace().toString(), Integer.toString(n),
                Integer.toString(params), Integer.toString(rounds), federation));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Long> cycles = new ArrayList<>();
        long cpu = 0;
        long gc = 0;
        long[] warm = new long[8];
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                output.append(line).append('\n');
                if (line.contains(" round ") && line.contains("upload")) {
                    System.out.println("  " + line);
                }
                if (line.startsWith("warm-start ") || line.startsWith("warm-end ")) {
                    String[] f = line.split(" ");
                    mark(warm, f[0].equals("warm-start") ? 0 : 4, Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
                if (line.startsWith("cpu ")) {
                    String[] f = line.split(" ");
                    cpu = Long.parseLong(f[1]);
                    gc = Long.parseLong(f[3]);
                    if (warm[4] == 0) {
                        mark(warm, 4, cpu, Long.parseLong(f[5]));
                    }
                }
                if (line.startsWith("cycle ")) {
                    cycles.add(Long.parseLong(line.split(" ")[2]));
                }
            }
        }
        if (p.waitFor() != 0 || cycles.isEmpty()) {
            throw new IllegalStateException("benchmark clients failed:\n" + output);
        }
        return new ClientsRun(cycles, cpu, gc, (warm[4] - warm[0]) + (warm[5] - warm[1]),
                (warm[6] - warm[2]) + (warm[7] - warm[3]));
    }

    /** Records at {@code at} the clients' CPU and JIT milliseconds and this JVM's own. */
    private static void mark(long[] warm, int at, long clientsCpu, long clientsJit) {
        warm[at] = clientsCpu;
        warm[at + 1] = BenchmarkClients.cpuMillis();
        warm[at + 2] = clientsJit;
        warm[at + 3] = BenchmarkClients.jitMillis();
    }
}
