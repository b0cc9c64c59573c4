package org.fl4j.collaborator.data.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.fl4j.collaborator.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against files written by numpy and struct (src/test/resources/nifti/make_fixtures.py), not by fl4j. */
class NiftiReaderTest {

    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NiftiReaderTest.class.getResource("/nifti/" + name).toURI());
    }

    private static float expected(int x, int y, int z) {
        return x + 10 * y + 100 * z;
    }

    @Test
    void read_int16WithSlopeAndIntercept_appliesScaling() throws Exception {
        NiftiVolume v = NiftiReader.read(fixture("int16_scaled.nii"));
        assertThat(v.dims()).containsExactly(4, 3, 2);
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    int stored = Math.floorDiv((int) expected(x, y, z) - 1, 2);
                    assertThat(v.at(x, y, z)).isEqualTo(stored * 2f + 1f);
                }
            }
        }
    }

    @Test
    void read_uint8BigEndianAndGzippedFloat32_giveTheValuesNumpyWrote() throws Exception {
        NiftiVolume u8 = NiftiReader.read(fixture("uint8_big_endian.nii"));
        NiftiVolume f32 = NiftiReader.read(fixture("float32.nii.gz"));
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertThat(u8.at(x, y, z)).isEqualTo(expected(x, y, z));
                    assertThat(f32.at(x, y, z)).isEqualTo(expected(x, y, z) * 0.5f);
                }
            }
        }
    }

    @Test
    void read_writtenByNiftiWriter_roundTrips() throws Exception {
        float[] values = {1.5f, -2f, 3f, 0f, 7f, 8f};
        NiftiWriter.writeFloat32(dir.resolve("a.nii.gz"), new int[] {3, 2, 1}, values);
        NiftiWriter.writeUint8(dir.resolve("m.nii"), new int[] {3, 2, 1}, new byte[] {0, 1, 1, 0, (byte) 200, 1});
        assertThat(NiftiReader.read(dir.resolve("a.nii.gz")).values()).containsExactly(values);
        assertThat(NiftiReader.read(dir.resolve("m.nii")).values()).containsExactly(0, 1, 1, 0, 200, 1);
    }

    @Test
    void read_badFiles_clearErrorsNamingTheFile() throws Exception {
        for (List<String> c : List.of(
                List.of("unsupported_rgb24.nii", "unsupported NIfTI datatype 128"),
                List.of("truncated.nii", "truncated: the header announces 4x3x2 float32 voxels (96 bytes"),
                List.of("bitpix_lies.nii", "bitpix 32 disagrees with datatype 4 (int16, 16 bits)"),
                List.of("sizeof_hdr_lies.nii", "sizeof_hdr is 540, expected 348"))) {
            Path file = fixture(c.get(0));
            assertThatThrownBy(() -> NiftiReader.read(file)).as(c.get(0)).isInstanceOf(DataException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c.get(1));
        }
    }

    @Test
    void read_notNifti_saysSo() throws Exception {
        Path f = dir.resolve("x.nii");
        java.nio.file.Files.write(f, new byte[10]);
        assertThatThrownBy(() -> NiftiReader.read(f)).hasMessageContaining("x.nii")
                .hasMessageContaining("too few for a NIfTI-1 header");
    }
}
