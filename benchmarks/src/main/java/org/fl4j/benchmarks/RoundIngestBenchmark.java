package org.fl4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.StagingFiles;
import org.fl4j.aggregation.TensorSpec;
import org.fl4j.aggregation.UpdateSink;
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
 * A whole FedAvg round through the public API, as the aggregator runs it: per collaborator
 * {@code open}, the update's little-endian bytes in 1 MiB {@code ByteBuffer} chunks (as they come out of
 * protobuf), {@code commit}, then {@code finish}. This adds the staging copy and the finiteness check to the
 * fold. The {@code updateBytes} counter reports update payload ingested per second (4 bytes a parameter per
 * collaborator), the figure to compare with the network: a 10 Gb/s link delivers 1.25 GB/s.
 *
 * <p>The chunks of one serialized update are reused for every collaborator (the values do not change the
 * work). Run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RoundIngestBenchmark -f 1 -wi 2 -i 3
 * java -jar benchmarks/target/benchmarks.jar RoundIngestBenchmark -p staging=MEMORY,DISK -p collaborators=4 \
 *     -p buffers=DIRECT -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class RoundIngestBenchmark {

    private static final int CHUNK = 1 << 18;

    @Param({"25000000"})
    public int params;

    @Param({"8"})
    public int collaborators;

    /** Where the chunks live: a read-only heap buffer as protobuf's ByteString gives, or direct memory. */
    @Param({"HEAP", "DIRECT"})
    public String buffers;

    /**
     * Where updates are staged: MEMORY (heap buffers, folded as each is committed) or DISK (a mapped file each,
     * in a temporary folder, reused from round to round, folded tile by tile at {@code finish}, the result
     * written into the previous one).
     */
    @Param({"MEMORY"})
    public String staging;

    private ModelLayout layout;
    private float[][] global;
    private StagingFiles files;
    private Path stagingDir;
    private float[][] previous;
    private ByteBuffer[] chunks;
    private AggregationStrategy strategy;

    @Setup(Level.Trial)
    public void setUp() {
        layout = ModelLayout.of(TensorSpec.of("w", params));
        global = new float[][] {Data.floats(params, 99)};
        float[] update = Data.floats(params, 1);
        chunks = new ByteBuffer[(params + CHUNK - 1) / CHUNK];
        for (int c = 0; c < chunks.length; c++) {
            int from = c * CHUNK;
            int n = Math.min(CHUNK, params - from);
            ByteBuffer b = (buffers.equals("DIRECT") ? ByteBuffer.allocateDirect(n * 4) : ByteBuffer.allocate(n * 4))
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(update, from, n);
            chunks[c] = b.asReadOnlyBuffer();
        }
        strategy = AggregationStrategies.create("WeightedAverage", Map.of());
        if (staging.equals("DISK")) {
            try {
                stagingDir = Files.createTempDirectory("fl4j-ingest");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files = new StagingFiles(stagingDir.resolve("staging"), layout, 32 * 1024);
        }
    }

    @TearDown(Level.Trial)
    public void deleteStaging() throws IOException {
        if (stagingDir != null) {
            files.close();
            StagingFiles.deleteLeftovers(files.dir());
            Files.deleteIfExists(files.dir());
            Files.deleteIfExists(stagingDir);
        }
    }

    /** Payload bytes ingested, see the class comment. */
    @org.openjdk.jmh.annotations.AuxCounters(org.openjdk.jmh.annotations.AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Payload {
        public long updateBytes;

        @Setup(Level.Iteration)
        public void reset() {
            updateBytes = 0;
        }
    }

    @Benchmark
    public float[][] round(Payload payload) {
        RoundAggregation round = files != null ? strategy.begin(layout, global, files) : strategy.begin(layout, global);
        for (int k = 0; k < collaborators; k++) {
            UpdateSink sink = round.open("c" + k, 1000 + k);
            for (int c = 0; c < chunks.length; c++) {
                sink.accept(0, c * CHUNK, chunks[c].duplicate());
            }
            sink.commit();
        }
        payload.updateBytes += 4L * params * collaborators;
        float[][] next = round.finish();
        if (files != null && previous != null) {
            files.recycle(previous);
        }
        previous = next;
        return next;
    }
}
