package org.fl4j.collaborator.data.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.synthetic.SyntheticMri;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationLoaderTest {

    private static final String PATH = "data_loader.settings";

    @TempDir
    Path ws;

    @Test
    void load_syntheticMri_slicesHeldOutBySubjectAndSitesDiffer() throws Exception {
        Settings s = new Settings(PATH, Map.of("format", "synthetic_mri", "image_size", 16, "slices_per_subject", 6,
                "subjects", 4, "normalization", "none"));

        SegmentationSplit one = SegmentationLoader.load(ws, "one", "1", s, 1);
        SegmentationSplit two = SegmentationLoader.load(ws, "two", "2", s, 1);

        assertThat(one.train().imageShape()).containsExactly(1, 16, 16);
        assertThat(one.validation().size()).isBetween(1, 6);
        assertThat(one.train().size() + one.validation().size()).isBetween(4, 24);
        assertThat(mean(one.train().images())).isNotEqualTo(mean(two.train().images()));
        int foreground = 0;
        for (byte b : one.train().masks()) {
            foreground += b;
        }
        assertThat(foreground).isPositive();
    }

    @Test
    void load_niftiWithPartitioningCsv_takesThePartitionsSubjects() throws Exception {
        List<SyntheticMri.Subject> subjects = SyntheticMri.generate(1, 4, 8, 4, 3);
        SyntheticMri.write(subjects, ws.resolve("brats"));
        Files.writeString(ws.resolve("partitioning.csv"), "Subject_ID,Partition_ID\nSYN1_001,1\nSYN1_002,2\n"
                + "SYN1_003,1\nSYN1_004,2\n");
        Settings s = new Settings(PATH, Map.of("format", "nifti", "data_dir", "brats", "partitioning",
                "partitioning.csv"));

        SegmentationSplit one = SegmentationLoader.load(ws, "one", "1", s, 1);

        assertThat(List.of(one.train().source(), one.validation().source()))
                .allMatch(src -> src.startsWith("SYN1_001") || src.startsWith("SYN1_003"));
    }

    @Test
    void load_niftiMaskOfAnotherSize_namesBothFiles() throws Exception {
        Path subject = Files.createDirectories(ws.resolve("cases/c1"));
        NiftiWriter.writeFloat32(subject.resolve("c1_flair.nii.gz"), new int[] {4, 4, 2}, new float[32]);
        NiftiWriter.writeUint8(subject.resolve("c1_seg.nii.gz"), new int[] {4, 3, 2}, new byte[24]);
        Settings s = new Settings(PATH, Map.of("format", "nifti"));

        assertThatThrownBy(() -> SegmentationLoader.load(ws, "one", "cases", s, 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("c1_seg.nii.gz: mask is 4x3x2").hasMessageContaining("c1_flair.nii.gz is 4x4x2");
    }

    @Test
    void load_niftiMaskLabelNotDeclared_namesTheFile() throws Exception {
        Path subject = Files.createDirectories(ws.resolve("cases/c1"));
        float[] image = new float[8];
        java.util.Arrays.fill(image, 1);
        NiftiWriter.writeFloat32(subject.resolve("c1_flair.nii"), new int[] {2, 2, 2}, image);
        NiftiWriter.writeUint8(subject.resolve("c1_seg.nii"), new int[] {2, 2, 2}, new byte[] {0, 0, 0, 0, 0, 3, 0, 0});
        Settings s = new Settings(PATH, Map.of("format", "nifti", "mask_labels", List.of(0, 1, 2, 4)));

        assertThatThrownBy(() -> SegmentationLoader.load(ws, "one", "cases", s, 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("c1_seg.nii: mask value 3").hasMessageContaining("[0, 1, 2, 4]");
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s / a.length;
    }
}
