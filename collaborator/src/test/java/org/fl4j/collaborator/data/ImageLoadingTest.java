package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.fl4j.collaborator.data.synthetic.SyntheticHistology;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoadingTest {

    private static final String PATH = "data_loader.settings";

    @TempDir
    Path workspace;

    @Test
    void load_syntheticHistology_sitesDifferInStainButShareClasses() throws IOException {
        Settings s = new Settings(PATH, Map.of("format", "synthetic_histology", "image_size", 16,
                "samples_per_class", 10));

        LocalData one = DataLoader.load(workspace, "one", "1", s, 3);
        LocalData two = DataLoader.load(workspace, "two", "2", s, 3);

        assertThat(one.train().size() + one.validation().size()).isEqualTo(80);
        assertThat(one.validation().size()).isEqualTo(16);
        assertThat(one.train().sampleShape()).containsExactly(3, 16, 16);
        assertThat(one.train().classCount()).isEqualTo(8);
        assertThat(meanRed(one.train())).isNotCloseTo(meanRed(two.train()), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(DataLoader.load(workspace, "one", "1", s, 3).train().features())
                .containsExactly(one.train().features());
    }

    @Test
    void load_imageFolderShard_cutsDataDir() throws IOException {
        SyntheticHistology.write(SyntheticHistology.generate(1, 4, 8, 1), workspace.resolve("data/tiles"));
        Settings s = new Settings(PATH, Map.of("format", "image_folder", "image_size", 8, "data_dir", "data/tiles",
                "collaborator_count", 2));

        LocalData one = DataLoader.load(workspace, "one", "1", s, 3);

        assertThat(one.train().size() + one.validation().size()).isEqualTo(16);
    }

    @Test
    void load_imageFolderPath_readsTheFolder() throws IOException {
        SyntheticHistology.write(SyntheticHistology.generate(2, 3, 8, 1), workspace.resolve("site"));
        Settings s = new Settings(PATH, Map.of("format", "image_folder", "image_size", 8));

        LocalData data = DataLoader.load(workspace, "one", "site", s, 3);

        assertThat(data.train().size() + data.validation().size()).isEqualTo(24);
    }

    @Test
    void load_syntheticWithFolderPath_saysItWantsASiteNumber() {
        Settings s = new Settings(PATH, Map.of("format", "synthetic_histology"));
        assertThatThrownBy(() -> DataLoader.load(workspace, "one", "data/x", s, 3)).isInstanceOf(DataException.class)
                .hasMessageContaining("'data/x' of collaborator one").hasMessageContaining("site number");
    }

    private static double meanRed(LabeledData d) {
        int n = d.sampleSize();
        double sum = 0;
        for (int i = 0; i < d.size(); i++) {
            for (int k = 0; k < n / 3; k++) {
                sum += d.features()[i * n + k];
            }
        }
        return sum / (d.size() * (n / 3.0));
    }
}
