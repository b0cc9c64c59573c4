package org.fl4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.TensorSpec;
import org.fl4j.aggregation.Update;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per round of the strategies that need every update at once: the combiner gets K distinct updates
 * (independent random values, 10 samples each) and computes the new model; the staging copies are not
 * timed (see {@link RoundIngestBenchmark}). Krum and MultiKrum use {@code f = 2}, TrimmedMean
 * {@code beta = 0.1}, GeometricMedian its defaults (at most 100 Weiszfeld steps, tolerance 1e-6);
 * WeightedAverage is there for scale. Average time per round over 2-second iterations (a round longer than
 * that is one iteration).
 *
 * <p>Memory: K distinct updates are kept, 3.2 GB for 32 x 25M parameters. The heap is pre-touched: without
 * it every round's fresh accumulator lands on pages never touched before and the page faults (costly in a
 * virtual machine) dominate small rounds, 50 ms instead of 6 for 8 x 1M. Run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RobustStrategyBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class RobustStrategyBenchmark {

    @Param({"1000000", "25000000"})
    public int params;

    @Param({"8", "32"})
    public int collaborators;

    @Param({"WeightedAverage", "Median", "TrimmedMean", "Krum", "MultiKrum", "GeometricMedian"})
    public String strategy;

    private ModelLayout layout;
    private float[][] global;
    private float[][][] updates;
    private AggregationStrategy aggregation;

    @Setup(Level.Trial)
    public void setUp() {
        layout = ModelLayout.of(TensorSpec.of("w", params));
        global = new float[][] {new float[params]};
        updates = new float[collaborators][][];
        for (int k = 0; k < collaborators; k++) {
            updates[k] = new float[][] {Data.floats(params, k)};
        }
        Map<String, Object> settings = switch (strategy) {
            case "Krum", "MultiKrum" -> Map.of("f", 2);
            case "TrimmedMean" -> Map.of("beta", 0.1);
            default -> Map.of();
        };
        aggregation = AggregationStrategies.create(strategy, settings);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        updates = null;
    }

    @Benchmark
    public float[][] round() {
        Combiner combiner = aggregation.combiner(layout, global);
        for (int k = 0; k < collaborators; k++) {
            combiner.add(new Update("c" + k, 10, updates[k]));
        }
        return combiner.finish();
    }
}
