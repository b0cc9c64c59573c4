package org.fl4j.benchmarks;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.client.MaskedUpload;
import org.fl4j.secagg.mask.MaskExpansion;
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
 * A collaborator's cost to quantise and mask its update in a round of {@code participants} with the plan's
 * defaults: the neighbours {@code neighbours: auto} gives (1, 9, 99 and 242 for 2, 10, 100 and 1000
 * participants), so the upload carries the self mask and one pairwise mask per neighbour. One operation is a
 * whole masked upload, produced chunk by chunk into a 1 MiB buffer as it would be streamed (what
 * {@code SecAggClient.maskedInput} returns, with the masks' keys given rather than agreed).
 *
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar SecAggClientBenchmark -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class SecAggClientBenchmark {

    @Param({"2", "10", "100", "1000"})
    public int participants;

    @Param({"1000000", "25000000"})
    public int params;

    private RoundParameters round;
    private float[][] update;
    private List<MaskExpansion.Term> terms;
    private final ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    private final SecureRandom random = new SecureRandom();

    @Setup(Level.Trial)
    public void setUp() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            names.add(String.format("site-%04d", i));
        }
        round = RoundParameters.resolve(SecureAggregationSettings.disabled(), "fl4j-0123456789abcdef", 1, names,
                params);
        update = new float[][] {Data.floats(params, 1)};
        terms = new ArrayList<>();
        for (int i = 0; i <= round.graph().degree(); i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            terms.add(new MaskExpansion.Term(key, i % 2 == 0 ? 1 : -1));
        }
    }

    @Benchmark
    public long maskedUpload() {
        MaskedUpload upload = MaskedUpload.of(round, update, 4000, terms, random);
        long sum = 0;
        while (upload.hasRemaining()) {
            chunk.clear();
            while (upload.hasRemaining() && chunk.remaining() >= 4) {
                upload.next(chunk);
            }
            sum += chunk.getInt(0);
        }
        return sum;
    }
}
