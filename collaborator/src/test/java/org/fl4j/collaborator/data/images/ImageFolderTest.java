package org.fl4j.collaborator.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.synthetic.SyntheticHistology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    @Test
    void read_writtenSyntheticTiles_roundTripsPixelsAndLabels() throws Exception {
        LabeledData tiles = SyntheticHistology.generate(1, 2, 16, 7);
        SyntheticHistology.write(tiles, dir);

        LabeledData read = ImageFolder.read(dir, 16);

        assertThat(ImageFolder.classes(dir)).isEqualTo(SyntheticHistology.CLASSES);
        assertThat(read.size()).isEqualTo(tiles.size());
        assertThat(read.classCounts()).containsOnly(2);
        // the folder is read class by class: find each read tile among the written ones of its class
        int n = tiles.sampleSize();
        for (int i = 0; i < read.size(); i++) {
            boolean found = false;
            for (int j = 0; j < tiles.size() && !found; j++) {
                if (tiles.labels()[j] != read.labels()[i]) {
                    continue;
                }
                found = true;
                for (int k = 0; k < n && found; k++) {
                    // PNG keeps 8 bits per channel
                    found = Math.abs(tiles.features()[j * n + k] - read.features()[i * n + k]) <= 0.5f / 255 + 1e-6;
                }
            }
            assertThat(found).as("tile %d of class %d", i, read.labels()[i]).isTrue();
        }
    }

    @Test
    void read_otherSize_scalesToRequestedSize() throws Exception {
        Path cls = Files.createDirectories(dir.resolve("a"));
        BufferedImage big = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                big.setRGB(x, y, 0xff0000);
            }
        }
        ImageIO.write(big, "png", cls.resolve("x.png").toFile());
        ImageIO.write(big, "tiff", cls.resolve("y.tif").toFile());
        Files.writeString(cls.resolve("notes.txt"), "not an image");

        LabeledData read = ImageFolder.read(dir, 8);

        assertThat(read.sampleShape()).containsExactly(3, 8, 8);
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.features()[0]).isEqualTo(1f);
        assertThat(read.features()[64]).isEqualTo(0f);
    }

    @Test
    void read_emptyClassFolder_namesTheFolder() throws Exception {
        SyntheticHistology.write(SyntheticHistology.generate(1, 1, 8, 1), dir);
        Files.createDirectories(dir.resolve("09_EXTRA"));

        assertThatThrownBy(() -> ImageFolder.read(dir, 8)).isInstanceOf(DataException.class)
                .hasMessageContaining("09_EXTRA").hasMessageContaining("class folder without images");
    }

    @Test
    void read_noClassFolders_saysWhatLayoutIsExpected() {
        assertThatThrownBy(() -> ImageFolder.read(dir, 8)).isInstanceOf(DataException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no class folders");
    }

    @Test
    void read_corruptImage_namesTheFile() throws Exception {
        Path cls = Files.createDirectories(dir.resolve("a"));
        Files.write(cls.resolve("broken.png"), new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> ImageFolder.read(dir, 8)).isInstanceOf(DataException.class)
                .hasMessageContaining("broken.png");
    }
}
