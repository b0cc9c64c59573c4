package org.fl4j.collaborator.data.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fl4j.collaborator.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngPairsTest {

    @TempDir
    Path dir;

    private void gray(Path file, int w, int h, int[] values) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < w * h; i++) {
            im.getRaster().setSample(i % w, i / w, 0, values[i]);
        }
        ImageIO.write(im, "png", file.toFile());
    }

    @Test
    void read_pairs_imagesAndBinaryMasks() throws Exception {
        gray(dir.resolve("images/a.png"), 2, 2, new int[] {0, 10, 20, 30});
        gray(dir.resolve("masks/a.png"), 2, 2, new int[] {0, 1, 1, 0});
        gray(dir.resolve("images/b.png"), 2, 2, new int[] {5, 5, 5, 5});
        gray(dir.resolve("masks/b.png"), 2, 2, new int[] {0, 0, 0, 1});

        SegmentationData d = PngPairs.read(dir, MaskLabels.binary(), Normalization.NONE, "lesion");

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.images()).containsExactly(0, 10, 20, 30, 5, 5, 5, 5);
        assertThat(d.masks()).containsExactly(0, 1, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void read_bratsLabelsWithNonZeroForeground_mapsToWholeTumour() throws Exception {
        gray(dir.resolve("images/a.png"), 2, 2, new int[] {1, 2, 3, 4});
        gray(dir.resolve("masks/a.png"), 2, 2, new int[] {0, 1, 2, 4});

        SegmentationData d = PngPairs.read(dir, MaskLabels.nonZeroForeground(List.of(0, 1, 2, 4)), Normalization.NONE,
                "tumour");

        assertThat(d.masks()).containsExactly(0, 1, 1, 1);
    }

    @Test
    void read_maskOfAnotherSize_namesBothFiles() throws Exception {
        gray(dir.resolve("images/a.png"), 2, 2, new int[] {1, 2, 3, 4});
        gray(dir.resolve("masks/a.png"), 3, 2, new int[] {0, 1, 0, 1, 0, 1});

        assertThatThrownBy(() -> PngPairs.read(dir, MaskLabels.binary(), Normalization.NONE, "t"))
                .isInstanceOf(DataException.class).hasMessageContaining("masks/a.png: mask is 3x2")
                .hasMessageContaining("images/a.png is 2x2");
    }

    @Test
    void read_maskValueOutsideDeclaredLabels_namesFileAndValue() throws Exception {
        gray(dir.resolve("images/a.png"), 2, 2, new int[] {1, 2, 3, 4});
        gray(dir.resolve("masks/a.png"), 2, 2, new int[] {0, 1, 3, 1});

        assertThatThrownBy(() -> PngPairs.read(dir, MaskLabels.binary(), Normalization.NONE, "t"))
                .isInstanceOf(DataException.class).hasMessageContaining("masks/a.png: mask value 3 at voxel/pixel 2")
                .hasMessageContaining("[0, 1]");
    }

    @Test
    void read_imageWithoutMask_namesIt() throws Exception {
        gray(dir.resolve("images/a.png"), 2, 2, new int[] {1, 2, 3, 4});
        Files.createDirectories(dir.resolve("masks"));

        assertThatThrownBy(() -> PngPairs.read(dir, MaskLabels.binary(), Normalization.NONE, "t"))
                .hasMessageContaining("images/a.png: no mask");
    }
}
