package org.fl4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.NoiseCalibration;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a runtime pays before each round: epsilon after {@code steps} steps of q = 0.01, sigma = 1.1 at
 * delta 1e-5 from a fresh accountant (nothing cached), for both kinds; and calibrating the noise multiplier
 * for epsilon 5.1926 over {@code steps} steps at q = 0.01 (what a site does once at start for a
 * target_epsilon).
 *
 * <p>Run (about 3 minutes):
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar AccountantBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g"})
public class AccountantBenchmark {

    private static final PoissonGaussian STEP = new PoissonGaussian(0.01, 1.1);

    @Param({"PLD", "RDP"})
    public AccountantKind kind;

    @Param({"1000", "10000"})
    public long steps;

    @Benchmark
    public double epsilon() {
        return PrivacyAccountant.create(kind).compose(STEP, steps).epsilon(1e-5);
    }

    @Benchmark
    @Measurement(iterations = 3, time = 10)
    public double calibrate() {
        return NoiseCalibration.noiseMultiplier(kind, 5.1926, 1e-5, 0.01, steps);
    }
}
