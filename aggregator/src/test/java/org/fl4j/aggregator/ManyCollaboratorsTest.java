package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.assertj.core.data.Offset;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many real collaborators on one aggregator (issue 27): each virtual collaborator ({@link VirtualCollaborators})
 * has its own certificate from our PKI and its own mutual-TLS connection over loopback to the real aggregator on
 * Netty, in this JVM; at most {@code fl4j.scale.active} (32) of them hold a model at once, so that a thousand fit
 * in one test JVM. Bounded for {@code mvn verify} at 200 collaborators, 2 rounds and a 10,000-parameter model;
 * it can be run bigger:
 *
 * <pre>
 * mvn -B -o -pl aggregator -am test -Dtest=ManyCollaboratorsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfl4j.scale.collaborators=1000 -Dfl4j.scale.parameters=1000000 -Dfl4j.scale.rounds=3
 * </pre>
 *
 * and prints one line of figures ({@code MANY-COLLABORATORS ...}). The benchmark with percentiles, the
 * aggregator in a JVM of its own and the plain-TLS baseline is {@code org.fl4j.e2e.bench.ManyCollaboratorsBenchmark}.
 */
class ManyCollaboratorsTest {

    private static final int COLLABORATORS = Integer.getInteger("fl4j.scale.collaborators", 200);
    private static final int PARAMETERS = Integer.getInteger("fl4j.scale.parameters", 10_000);
    private static final int ROUNDS = Integer.getInteger("fl4j.scale.rounds", 2);
    /** Collaborators holding a model at the same time in this JVM (the others wait, connected, as if training). */
    private static final int ACTIVE = Integer.getInteger("fl4j.scale.active", 32);

    @TempDir
    Path dir;

    @Test
    void federation_manyCollaboratorsOverMutualTls_everyRoundClosesWithEveryResultAndNoRefusal() throws Exception {
        federation(i -> false, new StragglerPolicy.WaitForAll(), "MANY-COLLABORATORS");
    }

    /**
     * One collaborator in 20 is killed in round 0 after downloading the model (its connection closed before it
     * uploads, as when its process dies) and never comes back; the plan's fl4j.Percentage of 0.95 closes every
     * round at the 95% still alive, and the model is FedAvg over them.
     */
    @Test
    void federation_fivePercentKilledMidRound_roundsCloseWithTheRestAndAverageThem() throws Exception {
        assertThat(COLLABORATORS % 20).as("one in 20 killed is exactly 5%").isZero();
        federation(i -> i % 20 == 0, new StragglerPolicy.Percentage(0.95, 1), "MANY-COLLABORATORS-KILLED");
    }

    private void federation(IntPredicate killed, StragglerPolicy policy, String label) throws Exception {
        List<String> names = ScaleFederation.names(COLLABORATORS);
        long t0 = System.nanoTime();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        for (String n : names) {
            pki.addClient(n);
        }
        double certSeconds = (System.nanoTime() - t0) / 1e9;

        AggregatorConfig config = ScaleFederation.config(dir.resolve("ws"), names, ROUNDS, policy);
        ModelWeights initial = ScaleFederation.model(PARAMETERS);
        ModelFile.write(config.paths().initModel(), new SavedModel(0, Map.of(), initial));
        try (AggregatorServer server = AggregatorServer.startTls(config, pki.server(), TlsVersion.TLS_1_3,
                        new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC());
                VirtualCollaborators sites = VirtualCollaborators.start(server.port(), config.federationId(), names,
                        i -> pki.client(names.get(i)), ROUNDS, ACTIVE, killed)) {
            sites.await(Duration.ofMinutes(30));
            server.federation().awaitCommitted();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();

            assertThat(sites.failures()).isEmpty();
            assertThat(server.handshakeRefusals().total()).isZero();
            assertThat(server.federation().round()).isEqualTo(ROUNDS);
            ModelWeights expected = initial;
            for (int r = 0; r < ROUNDS; r++) {
                expected = ScaleFederation.expectedAverage(expected, r, COLLABORATORS, killed.negate());
            }
            // Each collaborator's update is rounded to float before it is averaged: compare to that precision.
            ModelWeights saved = ModelFile.read(config.paths().lastModel()).weights();
            for (int t = 0; t < expected.tensorCount(); t++) {
                float[] want = expected.tensors().get(t).values();
                float[] got = saved.tensors().get(t).values();
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("tensor %d [%d]", t, i).isCloseTo(want[i], Offset.offset(1e-5f));
                }
            }
            System.out.printf("%s collaborators=%d parameters=%d rounds=%d certs_per_s=%.1f"
                    + " certs_s=%.1f round_s=%s bytes=%d heap_used_mb=%d threads=%d cpu_s=%.1f%n", label,
                    COLLABORATORS, PARAMETERS, ROUNDS, COLLABORATORS / certSeconds, certSeconds,
                    Arrays.toString(sites.roundSeconds()), sites.bytes(), heap >> 20, threads,
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() / 1e9);
        }
    }
}
