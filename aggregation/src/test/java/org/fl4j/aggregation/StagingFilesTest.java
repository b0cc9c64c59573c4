package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFilesTest {

    @TempDir
    Path dir;

    private final ModelLayout layout = Updates.layout(12, 5, 1);
    private final float[][] global = Updates.random(layout, 99);

    /** Tiles of 5 values: tensors cut in several tiles, one of them shorter than a tile. */
    private StagingFiles files() {
        return new StagingFiles(dir.resolve("staging"), layout, 5);
    }

    /** Values that are exact in float and whose weighted sums are exact in double. */
    private float[][] dyadic(long seed) {
        float[][] m = Updates.random(layout, seed);
        for (float[] t : m) {
            for (int i = 0; i < t.length; i++) {
                t[i] = Math.round(t[i] * 64) / 64f;
            }
        }
        return m;
    }

    private float[][] run(String strategy, Map<String, ?> settings, boolean onDisk, List<float[][]> updates) {
        AggregationStrategy s = AggregationStrategies.create(strategy, settings);
        RoundAggregation round = onDisk ? s.begin(layout, global, files())
                : s.begin(layout, global, new StagingBuffers(layout, 2));
        for (int u = updates.size() - 1; u >= 0; u--) {
            Updates.send(round, "site" + u, 10 + 7L * u, updates.get(u), 3);
        }
        return round.finish();
    }

    @Test
    void fedAvg_onDisk_sameBitsAsInMemory() {
        List<float[][]> updates = List.of(dyadic(1), dyadic(2), dyadic(3));
        assertThat(run("WeightedAverage", Map.of(), true, updates))
                .isDeepEqualTo(run("WeightedAverage", Map.of(), false, updates));
    }

    @Test
    void medianAndTrimmedMean_onDisk_sameBitsAsInMemory() {
        List<float[][]> updates = List.of(Updates.random(layout, 4), Updates.random(layout, 5),
                Updates.random(layout, 6), Updates.random(layout, 7), Updates.random(layout, 8));
        assertThat(run("Median", Map.of(), true, updates)).isDeepEqualTo(run("Median", Map.of(), false, updates));
        assertThat(run("TrimmedMean", Map.of("beta", 0.2), true, updates))
                .isDeepEqualTo(run("TrimmedMean", Map.of("beta", 0.2), false, updates));
    }

    @Test
    void recycledModel_receivesTheNextResult_everyValueWritten() {
        StagingFiles files = files();
        float[][] stale = layout.newTensors();
        for (float[] t : stale) {
            java.util.Arrays.fill(t, Float.NaN);
        }
        assertThat(files.recycle(new float[][] {new float[12]})).as("another layout").isFalse();
        assertThat(files.recycle(stale)).isTrue();
        List<float[][]> updates = List.of(Updates.random(layout, 4), Updates.random(layout, 5),
                Updates.random(layout, 6));
        AggregationStrategy median = AggregationStrategies.create("Median", Map.of());
        RoundAggregation round = median.begin(layout, global, files);
        for (int u = 0; u < updates.size(); u++) {
            Updates.send(round, "site" + u, 10, updates.get(u), 3);
        }

        float[][] result = round.finish();

        assertThat(result).isSameAs(stale).isDeepEqualTo(run("Median", Map.of(), false, updates));
    }

        @Test
    void byteChunks_onDisk_sameAsArrays() {
        float[][] x = dyadic(9);
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global,
                files());
        UpdateSink sink = round.open("a", 3);
        for (int t = 0; t < x.length; t++) {
            sink.accept(t, 0, Updates.bytes(x[t], 0, x[t].length));
        }
        sink.commit();
        assertThat(round.finish()).isDeepEqualTo(x);
    }

    @Test
    void nanMidUpload_refusedItsFileDeletedAndRoundUntouched() throws IOException {
        StagingFiles files = files();
        float[][] good = dyadic(10);
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global,
                files);
        Updates.send(round, "good", 5, good);
        UpdateSink bad = round.open("bad", 50);
        bad.accept(0, 0, new float[] {1, 2, 3}, 0, 3);
        assertThat(stagingFiles(files)).hasSize(2);

        assertThatThrownBy(() -> bad.accept(0, 3, new float[] {4, Float.POSITIVE_INFINITY}, 0, 2))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessage("update from 'bad' refused: tensor 't0' element 4: value Infinity is not finite");
        UpdateSink aborted = round.open("gone", 5);
        aborted.accept(1, 0, new float[] {1}, 0, 1);
        aborted.abort();
        UpdateSink incomplete = round.open("short", 5);
        assertThatThrownBy(incomplete::commit).hasMessageContaining("incomplete: 0 of 12 elements received");

        assertThat(stagingFiles(files)).hasSize(1);
        assertThat(round.finish()).isDeepEqualTo(good);
        assertThat(stagingFiles(files)).as("the good update's file, kept for reuse").hasSize(1);
        assertThat(files.idleFiles()).isEqualTo(1);

        files.close();

        assertThat(stagingFiles(files)).isEmpty();
        assertThat(files.idleFiles()).isZero();
    }

    @Test
    void nextRound_overwritesTheFilesInPlace_noStaleValueCounts() throws IOException {
        StagingFiles files = files();
        AggregationStrategy fedAvg = AggregationStrategies.create("WeightedAverage", Map.of());
        RoundAggregation first = fedAvg.begin(layout, global, files);
        Updates.send(first, "a", 5, dyadic(13));
        Updates.send(first, "b", 7, dyadic(14));
        first.finish();
        List<Path> kept = stagingFiles(files);
        assertThat(kept).hasSize(2);
        long[] sizes = {Files.size(kept.get(0)), Files.size(kept.get(1))};

        float[][] c = dyadic(15);
        RoundAggregation second = fedAvg.begin(layout, global, files);
        UpdateSink sink = second.open("c", 3);
        for (int t = c.length - 1; t >= 0; t--) {
            sink.accept(t, 0, Updates.bytes(c[t], 0, c[t].length));
        }
        assertThat(files.idleFiles()).as("c writes into one of the first round's files").isEqualTo(1);
        sink.commit();

        assertThat(second.finish()).as("c alone: nothing of a or b").isDeepEqualTo(c);
        assertThat(stagingFiles(files)).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(new long[] {Files.size(kept.get(0)), Files.size(kept.get(1))}).containsExactly(sizes);
        assertThat(files.idleFiles()).isEqualTo(2);
    }

    @Test
    void stagedFileCutShort_finishFailsNamingIt_filesDeletedModelKept() throws IOException {
        StagingFiles files = files();
        float[][] recycled = layout.newTensors();
        files.recycle(recycled);
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global,
                files);
        Updates.send(round, "a", 5, dyadic(11));
        Updates.send(round, "b", 5, dyadic(12));
        for (Path file : stagingFiles(files)) {
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(8);
            }
        }

        assertThatThrownBy(round::finish).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("cannot read the staged updates in " + files.dir() + ": staging file update-")
                .hasMessageEndingWith(".update ends at byte 8, expected 72");
        assertThat(stagingFiles(files)).isEmpty();
        assertThat(files.takeModel()).as("the result's arrays are kept for the next round").isSameAs(recycled);
    }

    @Test
    void files_ownerOnly_andLeftoversOfACrashDeleted() throws IOException {
        StagingFiles files = files();
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global,
                files);
        round.open("a", 1).accept(0, 0, new float[] {1}, 0, 1);
        Path file = stagingFiles(files).get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir()))).isEqualTo("rwx------");

        StagingFiles restarted = files();

        assertThat(stagingFiles(restarted)).isEmpty();
    }

    @Test
    void notCoordinateWise_refusedNamingTheSetting() {
        for (var strategy : List.of(
                AggregationStrategies.create("FedAdam", Map.of()),
                AggregationStrategies.create("Krum", Map.of()),
                AggregationStrategies.create("WeightedAverage", Map.of("clip_norm", 1.0)))) {
            assertThatThrownBy(() -> strategy.begin(layout, global, files()))
                    .isInstanceOf(StrategySettingsException.class)
                    .hasMessageContaining("update_staging = 'disk': " + strategy.name() + " is not coordinate-wise");
        }
        assertThat(AggregationStrategies.create("Median", Map.of("non_finite", "accept")).coordinateWise()).isTrue();
    }

    private static List<Path> stagingFiles(StagingFiles files) throws IOException {
        try (Stream<Path> s = Files.list(files.dir())) {
            return s.filter(p -> p.toString().endsWith(".update")).toList();
        }
    }
}
