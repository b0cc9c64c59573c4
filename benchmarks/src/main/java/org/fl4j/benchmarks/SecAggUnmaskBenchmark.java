package org.fl4j.benchmarks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.mask.MaskExpansion;
import org.fl4j.secagg.mask.MaskKernels;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.server.Unmasking;
import org.fl4j.secagg.shamir.Shamir;
import org.fl4j.secagg.shamir.Share;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The aggregator's cost to unmask a round of {@code participants} with the plan's defaults (complete graph up to
 * 100, 242 neighbours for 1000): reconstruct every survivor's self-mask seed from t shares and check it against
 * its commitment, and for each of the {@code dropoutPercent} who dropped after sharing, reconstruct its mask key,
 * check it against its public key and agree the pairwise key with each surviving neighbour; then expand every
 * mask into the summed vector across both cores (what {@code SecAggServer.finish} runs, minus the final division).
 * The shares are real Shamir shares of real secrets. One operation is one unmasking of a fresh copy of the sum.
 *
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar SecAggUnmaskBenchmark -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class SecAggUnmaskBenchmark {

    @Param({"2", "10", "100", "1000"})
    public int participants;

    @Param({"1000000", "25000000"})
    public int params;

    @Param({"0", "10"})
    public int dropoutPercent;

    private RoundParameters round;
    private Unmasking unmasking;
    private Set<String> survivors;
    private Set<String> late;
    private final Map<String, List<Share>> seedShares = new HashMap<>();
    private final Map<String, List<Share>> keyShares = new HashMap<>();
    private int[] masked;
    private int[] sum;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            names.add(String.format("site-%04d", i));
        }
        round = RoundParameters.resolve(SecureAggregationSettings.disabled(), "fl4j-0123456789abcdef", 1, names,
                params);
        int drop = participants * dropoutPercent / 100;
        late = new TreeSet<>(names.subList(0, drop));
        survivors = new TreeSet<>(names.subList(drop, participants));
        Map<String, KeyAdvertisement> keys = new HashMap<>();
        Map<String, byte[]> seeds = new HashMap<>();
        Map<String, byte[]> maskKeys = new HashMap<>();
        for (String v : names) {
            X25519.KeyPair mask = X25519.generate(random);
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            seeds.put(v, seed);
            maskKeys.put(v, mask.privateKey());
            keys.put(v, new KeyAdvertisement(1, v, new byte[32], mask.publicKey(),
                    SignedData.seedCommitment(round.federationId(), 1, v, seed), new byte[0]));
        }
        for (String v : names) {
            int[] xs = round.neighbours(v).stream().filter(survivors::contains).limit(round.threshold())
                    .mapToInt(round::shareX).toArray();
            if (survivors.contains(v)) {
                seedShares.put(v, Shamir.split(seeds.get(v), round.threshold(), xs, random));
            } else {
                keyShares.put(v, Shamir.split(maskKeys.get(v), round.threshold(), xs, random));
            }
        }
        unmasking = new Unmasking(round, keys);
        masked = new int[round.maskedLength()];
        for (int i = 0; i < masked.length; i++) {
            masked[i] = random.nextInt();
        }
        sum = new int[masked.length];
    }

    @Benchmark
    public int unmask() {
        System.arraycopy(masked, 0, sum, 0, masked.length);
        unmasking.run(sum, survivors, late, seedShares, keyShares, MaskKernels.get(),
                MaskExpansion.defaultParallelism());
        return sum[17];
    }
}
