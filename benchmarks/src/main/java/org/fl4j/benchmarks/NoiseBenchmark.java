package org.fl4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.fl4j.privacy.noise.DiscreteGaussianSampler;
import org.fl4j.privacy.noise.SecureGaussian;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Secure noise throughput on one thread, in samples a second: {@code secureGaussian} adds DP-SGD noise
 * ({@link SecureGaussian}: grid snapping, discrete Gaussian integers by rejection, AES-256-CTR keystream) to
 * the 89,606 parameters of keras_cnn_mnist's CNN, what a site does every step; {@code discreteGaussian}
 * adds exact discrete Gaussian integers ({@link DiscreteGaussianSampler}, SecureRandom, rational arithmetic)
 * of sigma 1000 to 10,000 ints, the integer-domain noise of distributed DP.
 *
 * <p>Run (about 1 minute):
 * <pre>
 * mvn -B -Pbenchmarks -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar NoiseBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx1g"})
public class NoiseBenchmark {

    static final int PARAMS = 89_606;
    static final int INTS = 10_000;

    private final float[] gradient = new float[PARAMS];
    private final int[] update = new int[INTS];
    private SecureGaussian gaussian;
    private DiscreteGaussianSampler discrete;

    @Setup
    public void setUp() {
        gaussian = new SecureGaussian();
        discrete = new DiscreteGaussianSampler();
        for (int i = 0; i < PARAMS; i++) {
            gradient[i] = (float) Math.sin(i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PARAMS)
    public float[] secureGaussian() {
        gaussian.addNoise(gradient, 0, PARAMS, 1.1);
        return gradient;
    }

    @Benchmark
    @OperationsPerInvocation(INTS)
    public int[] discreteGaussian() {
        discrete.addNoise(update, 0, INTS, 1000);
        return update;
    }
}
