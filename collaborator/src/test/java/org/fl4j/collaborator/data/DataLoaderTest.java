package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    private static final String PATH = "data_loader.settings";

    @TempDir
    Path workspace;

    @Test
    void load_shardNumber_cutsTheEmbeddedDigits() throws IOException {
        Settings s = new Settings(PATH, Map.of("collaborator_count", 2));

        LocalData two = DataLoader.load(workspace, "two", "2", s, 1);

        assertThat(two.train().size()).isEqualTo(4000);
        assertThat(two.train().labels()[0]).isEqualTo(IdxDataSets.embeddedMnist().train().labels()[1]);
    }

    @Test
    void load_dirichletSplit_isDisjointAcrossSites() throws IOException {
        Settings s = new Settings(PATH, Map.of("collaborator_count", 2, "split", "dirichlet", "alpha", 0.5));

        LocalData one = DataLoader.load(workspace, "one", "1", s, 5);
        LocalData two = DataLoader.load(workspace, "two", "2", s, 5);

        assertThat(one.train().size() + two.train().size()).isEqualTo(8000);
        assertThat(one.validation().size() + two.validation().size()).isEqualTo(2000);
    }

    @Test
    void load_embedded_givesAllDigits() throws IOException {
        assertThat(DataLoader.load(workspace, "one", "embedded", Settings.empty(), 1).train().size())
                .isEqualTo(8000);
    }

    @Test
    void load_folderOfIdxFiles_readsIt() throws IOException {
        Path mnist = Files.createDirectories(workspace.resolve("data/mnist"));
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"),
                IdxReaderTest.gzip(IdxReaderTest.images(2, 2, 2, new byte[8])));
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {1, 3}));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.images(1, 2, 2, new byte[4]));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {0}));

        LocalData data = DataLoader.load(workspace, "one", "data/mnist", Settings.empty(), 1);

        assertThat(data.train().labels()).containsExactly(1, 3);
        assertThat(data.validation().classCount()).isEqualTo(4);
    }

    @Test
    void load_missingPath_namesPathAndCollaborator() {
        assertThatThrownBy(() -> DataLoader.load(workspace, "one", "data/nowhere", Settings.empty(), 1))
                .isInstanceOf(DataException.class)
                .hasMessage("data path 'data/nowhere' of collaborator one (plan/data.yaml) does not exist: "
                        + workspace.resolve("data/nowhere"));
    }

    @Test
    void load_shardWithoutCollaboratorCount_namesTheSetting() {
        assertThatThrownBy(() -> DataLoader.load(workspace, "one", "1", new Settings(PATH, Map.of()), 1))
                .isInstanceOf(SettingsException.class)
                .hasMessage("data_loader.settings.collaborator_count is required when a data path is a shard"
                        + " number (1)");
    }

    @Test
    void load_unknownSplit_listsChoices() {
        Settings s = new Settings(PATH, Map.of("collaborator_count", 2, "split", "random"));

        assertThatThrownBy(() -> DataLoader.load(workspace, "one", "1", s, 1))
                .hasMessage("data_loader.settings.split: unknown split 'random': choose from round_robin,"
                        + " contiguous, dirichlet");
    }

    @Test
    void load_shardBeyondCount_isRefused() {
        Settings s = new Settings(PATH, Map.of("collaborator_count", 2));

        assertThatThrownBy(() -> DataLoader.load(workspace, "three", "3", s, 1))
                .hasMessage("data_loader.settings: shard 3 does not exist: shards are numbered 1..2");
    }
}
