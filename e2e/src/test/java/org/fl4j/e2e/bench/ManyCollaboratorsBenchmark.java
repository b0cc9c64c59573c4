package org.fl4j.e2e.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.ScaleFederation;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;

/**
 * The many-collaborators benchmark (issue 27): the federation of {@code ManyCollaboratorsTest} (N virtual
 * collaborators, each with its own certificate from our PKI and its own mutual-TLS connection, a P-parameter
 * model, R rounds) with the aggregator alone in this JVM and the collaborators in a load JVM
 * ({@link LoadJvm}), against its plain-TLS baseline ({@link ManyTlsBaseline}: the same connections moving the
 * same bytes between the same two JVMs) measured just before and just after it. Prints per-round times with
 * p50 and p99 over the rounds after round 0 (round 0 includes the handshakes and is printed apart), the
 * ratio to plain TLS, the aggregator's heap and threads, both JVMs' CPU, the bytes moved and failed or refused
 * calls. Run (see docs/benchmarks.md "Many collaborators"):
 *
 * <pre>
 * mvn -B -q -Pruntime-benchmark -pl e2e -am test -DskipTests -Dbench.main=org.fl4j.e2e.bench.ManyCollaboratorsBenchmark \
 *     -Dbench.collaborators=100 -Dbench.params=1000000 -Dbench.rounds=20
 * </pre>
 */
public final class ManyCollaboratorsBenchmark {

    private ManyCollaboratorsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.collaborators", 100);
        int params = Integer.getInteger("bench.params", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 20);
        int active = Integer.getInteger("bench.active", 32);
        int uploads = Integer.getInteger("bench.uploads", 2);
        if (rounds < 3) {
            throw new IllegalArgumentException("bench.rounds must be at least 3 (round 0 is set apart), found "
                    + rounds);
        }
        Path dir = Files.createTempDirectory("fl4j-many-bench");
        List<String> names = ScaleFederation.names(n);
        long t0 = System.nanoTime();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        names.forEach(pki::addClient);
        double certSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d collaborators, %,d parameters (%.1f MiB), %d rounds, %d holding a model at"
                + " once; %d certificates in %.1f s (%.1f/s, with the CA); load average %s%n", n, params,
                params * 4.0 / (1 << 20), rounds, active, n, certSeconds, n / certSeconds, RoundStats.load());

        Baseline before = baseline(pki, n, params, rounds, active, "before");
        Federation fl4j = federation(dir, pki, names, params, rounds, active, uploads);
        Baseline after = baseline(pki, n, params, rounds, active, "after");

        RoundStats f = RoundStats.of(fl4j.load.roundNanos());
        RoundStats tls = RoundStats.of(before.load.roundNanos(), after.load.roundNanos());
        double fl4jCpu = (fl4j.cpuMillis + fl4j.load.cpuMillis()) / 1000.0;
        double tlsCpu = (before.cpuMillis() + after.cpuMillis()) / 2000.0;
        long model = 4L * params;
        long heapTarget = 3 * model + ((long) n << 20);
        System.out.printf(Locale.ROOT, "round time / plain TLS: p50 %.2f, p99 %.2f (target <= 1.5); CPU of both JVMs"
                + " over all rounds: fl4j %.1f s, plain TLS %.1f s (mean of its two runs), ratio %.2f%n",
                f.p50() / tls.p50(), f.p99() / tls.p99(), fl4jCpu, tlsCpu, fl4jCpu / tlsCpu);
        System.out.printf(Locale.ROOT, "aggregator heap: %.0f MiB live idle, %.0f MiB live after the last round with"
                + " all %d connected, %.0f MiB largest after any collection during the rounds (an upper bound);"
                + " target 3 x model + 1 MiB a collaborator = %.0f MiB%n", mib(fl4j.idle), mib(fl4j.liveConnected),
                n, mib(fl4j.maxAfterGc), mib(heapTarget));
        System.out.printf(Locale.ROOT, "MANY-COLLABORATORS-BENCH collaborators=%d parameters=%d rounds=%d"
                + " certs_per_s=%.1f round0_s=%.1f p50_ms=%.0f p99_ms=%.0f tls_round0_s=%.1f tls_p50_ms=%.0f"
                + " tls_p99_ms=%.0f ratio_p50=%.2f ratio_p99=%.2f heap_idle_mb=%.0f heap_live_mb=%.0f heap_max_mb=%.0f"
                + " heap_target_mb=%.0f threads=%d threads_peak=%d cpu_aggregator_s=%.1f cpu_load_s=%.1f"
                + " tls_cpu_s=%.1f cpu_ratio=%.2f bytes=%d failed=%d refused=%d uploads=%d%n", n, params, rounds,
                n / certSeconds,
                f.round0Ms() / 1000, f.p50(), f.p99(), tls.round0Ms() / 1000, tls.p50(), tls.p99(),
                f.p50() / tls.p50(), f.p99() / tls.p99(), mib(fl4j.idle), mib(fl4j.liveConnected),
                mib(fl4j.maxAfterGc), mib(heapTarget), fl4j.threads, fl4j.peakThreads, fl4j.cpuMillis / 1000.0,
                fl4j.load.cpuMillis() / 1000.0, tlsCpu, fl4jCpu / tlsCpu, fl4j.load.bytes(),
                fl4j.load.failures().size(), fl4j.refused, uploads);
    }

    /** The federation's figures on the aggregator's side, and what the load JVM reported. */
    private record Federation(LoadJvm.Run load, long idle, long liveConnected, long maxAfterGc, int threads,
            int peakThreads, long cpuMillis, long refused) {
    }

    private static Federation federation(Path dir, TestPki pki, List<String> names, int params, int rounds,
            int active, int uploads) throws Exception {
        AggregatorConfig config = ScaleFederation.config(dir.resolve("aggregator"), names, rounds,
                new StragglerPolicy.WaitForAll(), uploads);
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), ScaleFederation.model(params)));
        long idle = HeapWatch.liveNow();
        HeapWatch watch = new HeapWatch();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        long[] atDone = new long[2];
        long cpu = BenchmarkClients.cpuMillis();
        Profile profile = Profile.start("aggregator-many");
        try (AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC())) {
            watch.reset();
            LoadJvm.Run load = LoadJvm.run("fl4j", server.port(), pki, names.size(), params, rounds, active,
                    config.federationId(), () -> {
                        atDone[1] = threads.getThreadCount();
                        try {
                            atDone[0] = HeapWatch.liveNow();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            server.awaitFinished();
            long cpuMillis = BenchmarkClients.cpuMillis() - cpu;
            if (server.federation().round() != rounds) {
                throw new IllegalStateException("the federation ended at round " + server.federation().round()
                        + " of " + rounds);
            }
            Federation f = new Federation(load, idle, atDone[0], watch.maxLiveBytes(), (int) atDone[1],
                    threads.getPeakThreadCount(), cpuMillis, server.handshakeRefusals().total());
            print("fl4j", RoundStats.of(load.roundNanos()), load, cpuMillis);
            load.failures().forEach(x -> System.out.println("  failed: " + x));
            return f;
        } finally {
            profile.stop();
        }
    }

    /** One plain-TLS run: what the load JVM reported, and both JVMs' CPU milliseconds. */
    private record Baseline(LoadJvm.Run load, long cpuMillis) {
    }

    private static Baseline baseline(TestPki pki, int n, int params, int rounds, int active, String when)
            throws Exception {
        long cpu = BenchmarkClients.cpuMillis();
        try (ManyTlsBaseline.Server server = new ManyTlsBaseline.Server(pki, n, 4L * params, rounds)) {
            LoadJvm.Run run = LoadJvm.run("tls", server.port(), pki, n, params, rounds, active, "-", () -> { });
            if (!server.failures().isEmpty()) {
                throw new IllegalStateException("plain TLS failed: " + server.failures());
            }
            long serverCpu = BenchmarkClients.cpuMillis() - cpu;
            print("plain TLS 1.3 " + when + " fl4j", RoundStats.of(run.roundNanos()), run, serverCpu);
            return new Baseline(run, serverCpu + run.cpuMillis());
        }
    }

    private static void print(String what, RoundStats stats, LoadJvm.Run run, long serverCpuMillis) {
        System.out.printf(Locale.ROOT, "%s: round 0 (with handshakes) %.1f s; rounds 1.. (ms) %s; p50 %.0f ms,"
                + " p99 %.0f ms; CPU: server side %.1f s, load JVM %.1f s; load average %s%n", what,
                stats.round0Ms() / 1000, stats.laterMs().stream().map(Math::round).toList(), stats.p50(),
                stats.p99(), serverCpuMillis / 1000.0, run.cpuMillis() / 1000.0, RoundStats.load());
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
