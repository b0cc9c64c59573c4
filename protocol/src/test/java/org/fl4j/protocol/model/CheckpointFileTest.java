package org.fl4j.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    private static ModelWeights weights(float seed) {
        return new ModelWeights(List.of(new Tensor("w", new int[] {2, 3}, new float[] {seed, 1, 2, 3, 4, 5}),
                new Tensor("b", new int[] {3}, new float[] {-seed, 0, Float.MIN_VALUE})));
    }

    /** Commits a format 2 checkpoint whose model goes by {@code token}. */
    private static void write(Path file, Checkpoint c, String token) throws IOException {
        try (AtomicFiles.Pending pending = CheckpointFile.prepare(file, c, token)) {
            pending.commit();
        }
    }

    @Test
    void write_thenRead_givesEqualCheckpoint_modelFromTheLookupByToken() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 4, weights(1.5f), OptionalDouble.of(0.93), 3, "FedAdam", 4,
                Map.of("m", weights(2), "v", weights(3)), List.of("{\"round\":0}", "{\"round\":1}"));
        Path file = dir.resolve("save/checkpoint.fl4j");
        List<String> asked = new java.util.ArrayList<>();

        write(file, c, "token-4");
        Checkpoint back = CheckpointFile.read(file, token -> {
            asked.add(token);
            return weights(1.5f);
        });

        assertThat(back).isEqualTo(c);
        assertThat(asked).containsExactly("token-4");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        Path embedded = dir.resolve("embedded.fl4j");
        CheckpointFile.writeEmbedded(embedded, c);
        assertThat(Files.size(file)).as("the model is not embedded").isLessThan(Files.size(embedded) - 9 * 4);
    }

    @Test
    void write_thenRead_keepsStageState() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 3, weights(1), OptionalDouble.empty(), 0, "WeightedAverage", 0,
                Map.of(), List.of(), Map.of("privacy.client.ledger", "1.0 0.9 3", "privacy.client.clip_norm", "0.25"));
        Path file = dir.resolve("save/checkpoint.fl4j");

        write(file, c, "token-3");
        Checkpoint back = CheckpointFile.read(file, token -> weights(1));

        assertThat(back.stageState()).containsExactlyInAnyOrderEntriesOf(c.stageState());
        assertThat(back).isEqualTo(c);
    }

    @Test
    void formatOne_modelEmbedded_stillRead() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 2, weights(7), OptionalDouble.of(0.5), 1, "FedAvgM", 2,
                Map.of("m", weights(8)), List.of("{\"round\":0}"));
        Path file = dir.resolve("old.fl4j");

        CheckpointFile.writeEmbedded(file, c);

        assertThat(CheckpointFile.read(file, token -> {
            throw new AssertionError("format 1 embeds its model");
        })).isEqualTo(c);
    }

    @Test
    void read_withoutBestScore_keepsItEmpty() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 0, weights(0), OptionalDouble.empty(), 0, "WeightedAverage", 0,
                Map.of(), List.of());
        Path file = dir.resolve("c.fl4j");

        write(file, c, "t");

        assertThat(CheckpointFile.read(file, token -> weights(0)).bestScore()).isEmpty();
    }

    @Test
    void read_lookupFails_itsReasonReported() throws IOException {
        Path file = dir.resolve("c.fl4j");
        write(file, new Checkpoint("fl4j-abc", 1, weights(0), OptionalDouble.empty(), 0, "WeightedAverage", 0,
                Map.of(), List.of()), "t");

        assertThatThrownBy(() -> CheckpointFile.read(file, token -> {
            throw new IOException("last.fl4j holds another model");
        })).isInstanceOf(IOException.class).hasMessage("last.fl4j holds another model");
    }

    @Test
    void prepare_withoutToken_refused() {
        Checkpoint c = new Checkpoint("fl4j-abc", 0, weights(0), OptionalDouble.empty(), 0, "WeightedAverage", 0,
                Map.of(), List.of());

        assertThatThrownBy(() -> CheckpointFile.prepare(dir.resolve("c.fl4j"), c, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_modelFileInstead_saysItIsNotACheckpoint() throws IOException {
        Path file = dir.resolve("model.fl4j");
        ModelFile.write(file, new SavedModel(0, Map.of(), weights(1)));

        assertThatThrownBy(() -> CheckpointFile.read(file, token -> weights(1))).isInstanceOf(IOException.class)
                .hasMessageContaining("not an fl4j checkpoint");
    }
}
