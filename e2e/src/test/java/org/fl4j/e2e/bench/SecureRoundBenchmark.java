package org.fl4j.e2e.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.secagg.SecureSite;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * The secure-round benchmark: N collaborators (real {@link Collaborator} loops, each with its own mutual
 * TLS channel and its own certificate from our PKI) and the aggregator in this one JVM, over loopback; a model of
 * P parameters; the runner adds a small change to the global model instead of training, so a round is the
 * runtime's own work: for the secure run setup (keys signed with the sites' certificates, checked by every
 * neighbour), shares, masked upload, consistency, unmasking; for the plain run the upload and FedAvg; then saving
 * and serving the next model. One federation of each kind; a round's time is from the first site starting round r's
 * training to the first site starting round r + 1's, and the first round (warm-up) is reported apart.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Psecure-round-benchmark -pl e2e -am test -DskipTests} with
 * {@code -Dbench.collaborators=100 -Dbench.params=1000000 -Dbench.rounds=4} and optionally
 * {@code -Dbench.neighbours=K} (an even number; default: the plan's {@code neighbours: auto}).
 */
public final class SecureRoundBenchmark {

    private SecureRoundBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.collaborators", 100);
        int params = Integer.getInteger("bench.params", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 4);
        String neighbours = System.getProperty("bench.neighbours", "");
        Integer k = neighbours.isBlank() ? null : Integer.valueOf(neighbours.trim());
        Path dir = Files.createTempDirectory("fl4j-secure-round-bench");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format(Locale.ROOT, "site%03d", i));
        }
        TestPki pki = TestPki.create(dir.resolve("pki"), names.toArray(String[]::new));
        System.out.printf(Locale.ROOT, "%d collaborators, %,d parameters, %d rounds, one JVM, %d cores%n", n, params,
                rounds, Runtime.getRuntime().availableProcessors());
        SecureAggregationSettings secure = new SecureAggregationSettings(true,
                SecureAggregationSettings.DEFAULT_THRESHOLD, k == null ? OptionalInt.empty() : OptionalInt.of(k),
                SecureAggregationSettings.DEFAULT_CLIP_RANGE, OptionalInt.empty(),
                SecureAggregationSettings.DEFAULT_WEIGHT_CAP, 600);
        List<Long> plain = federation(dir.resolve("plain"), pki, names, params, rounds, null);
        List<Long> masked = federation(dir.resolve("secure"), pki, names, params, rounds, secure);
        print("plain", plain);
        print("secure", masked);
        long p = RuntimeBenchmark.median(plain.subList(1, plain.size()));
        long s = RuntimeBenchmark.median(masked.subList(1, masked.size()));
        System.out.printf(Locale.ROOT, "median warm round: plain %d ms, secure %d ms: %.2fx%n", p, s, (double) s / p);
    }

    private static void print(String label, List<Long> rounds) {
        System.out.printf(Locale.ROOT, "%s: first round %d ms, the others %s ms%n", label, rounds.get(0),
                rounds.subList(1, rounds.size()));
    }

    /** One federation; the time of each round but the last (whose end is not a next round's start), in ms. */
    private static List<Long> federation(Path workspace, TestPki pki, List<String> names, int params, int rounds,
            SecureAggregationSettings secure) throws Exception {
        AggregatorConfig config = RuntimeBenchmark.config(workspace, names, rounds + 1);
        if (secure != null) {
            config = config.withUpdatePath(config.updatePath().withSecureAggregation(secure));
        }
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), BenchmarkClients.model(params, 0)));
        RoundClock clock = new RoundClock(rounds + 1);
        List<ManagedChannel> channels = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(names.size());
        long cpu = BenchmarkClients.cpuMillis();
        try (AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC())) {
            List<Future<String>> sites = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                TlsFiles tls = pki.client(name);
                ManagedChannel channel = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR,
                        server.port()), TlsContexts.client(tls, TlsVersion.TLS_1_3))
                        .maxInboundMessageSize(64 << 20).build();
                channels.add(channel);
                Route route = new Route(name, TestPki.AGGREGATOR, config.federationId());
                CollaboratorConfig cc = new CollaboratorConfig(route, config.tasks(), OptTreatment.RESET,
                        config.limits(), Duration.ofSeconds(20), Duration.ofMillis(200), Duration.ofSeconds(2),
                        Duration.ofMinutes(10), Duration.ofMinutes(10));
                SecureSite site = secure == null ? null : SecureSite.fromFiles(secure, name, tls.certificate(),
                        tls.privateKey(), tls.trustedChain(), Clock.systemUTC());
                Collaborator c = Collaborator.over(channel, cc, new ShiftRunner(params, i, clock), site);
                sites.add(threads.submit(c::run));
            }
            for (Future<String> f : sites) {
                f.get(60, TimeUnit.MINUTES);
            }
            server.awaitFinished();
        } finally {
            threads.shutdownNow();
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        System.out.printf(Locale.ROOT, "%s federation: %.1f s of CPU in all (%d rounds)%n",
                secure == null ? "plain" : "secure", (BenchmarkClients.cpuMillis() - cpu) / 1000.0, rounds + 1);
        return clock.rounds();
    }
}
