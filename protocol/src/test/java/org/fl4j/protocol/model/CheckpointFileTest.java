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

    @Test
    void write_thenRead_givesEqualCheckpoint() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 4, weights(1.5f), OptionalDouble.of(0.93), 3, "FedAdam", 4,
                Map.of("m", weights(2), "v", weights(3)), List.of("{\"round\":0}", "{\"round\":1}"));
        Path file = dir.resolve("save/checkpoint.fl4j");

        CheckpointFile.write(file, c);
        Checkpoint back = CheckpointFile.read(file);

        assertThat(back).isEqualTo(c);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void read_withoutBestScore_keepsItEmpty() throws IOException {
        Checkpoint c = new Checkpoint("fl4j-abc", 0, weights(0), OptionalDouble.empty(), 0, "WeightedAverage", 0,
                Map.of(), List.of());
        Path file = dir.resolve("c.fl4j");

        CheckpointFile.write(file, c);

        assertThat(CheckpointFile.read(file).bestScore()).isEmpty();
    }

    @Test
    void read_modelFileInstead_saysItIsNotACheckpoint() throws IOException {
        Path file = dir.resolve("model.fl4j");
        ModelFile.write(file, new SavedModel(0, Map.of(), weights(1)));

        assertThatThrownBy(() -> CheckpointFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an fl4j checkpoint");
    }
}
