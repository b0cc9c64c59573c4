package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void embeddedMnist_holds8000TrainAnd2000ValidationDigits() throws IOException {
        LocalData data = IdxDataSets.embeddedMnist();

        assertThat(data.train().size()).isEqualTo(8000);
        assertThat(data.validation().size()).isEqualTo(2000);
        assertThat(data.train().sampleShape()).containsExactly(28, 28);
        assertThat(data.train().classCount()).isEqualTo(10);
        assertThat(java.util.Arrays.stream(data.train().classCounts()).boxed()).allSatisfy(c -> assertThat(c).isBetween(699, 890));
        float max = 0;
        for (float v : data.train().features()) {
            assertThat(v).isBetween(0f, 1f);
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void read_rawAndGzip_giveTheSameSamples() throws IOException {
        Path gzImages = dir.resolve("i.gz");
        Path gzLabels = dir.resolve("l.gz");
        Files.write(gzImages, gzip(images(3, 2, 2, new byte[] {0, (byte) 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})));
        Files.write(gzLabels, gzip(labels(new byte[] {2, 0, 1})));
        Path rawImages = dir.resolve("i");
        Path rawLabels = dir.resolve("l");
        Files.write(rawImages, gunzip(Files.readAllBytes(gzImages)));
        Files.write(rawLabels, gunzip(Files.readAllBytes(gzLabels)));

        LabeledData gz = IdxReader.read(gzImages, gzLabels);
        LabeledData raw = IdxReader.read(rawImages, rawLabels);

        assertThat(raw.features()).containsExactly(gz.features());
        assertThat(raw.labels()).containsExactly(2, 0, 1);
        assertThat(raw.sampleShape()).containsExactly(2, 2);
        assertThat(raw.features()[1]).isEqualTo(1f);
        assertThat(raw.classCount()).isEqualTo(3);
    }

    @Test
    void read_wrongMagic_namesFileAndMagic() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(images, labels(new byte[] {1, 2}));
        Files.write(labels, labels(new byte[] {1, 2}));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataException.class)
                .hasMessage(images + ": wrong magic number 0x00000801: expected 0x00000803 (IDX images)");
    }

    @Test
    void read_truncatedRawFile_namesFileAndSizes() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        byte[] full = images(4, 2, 2, new byte[16]);
        Files.write(images, Arrays.copyOf(full, full.length - 5));
        Files.write(labels, labels(new byte[4]));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataException.class)
                .hasMessage(images + ": truncated IDX file: header announces 4 images (16 bytes of data), found 11"
                        + " bytes");
    }

    @Test
    void read_truncatedGzipFile_namesFile() throws IOException {
        Path images = dir.resolve("img.gz");
        Path labels = dir.resolve("lab.gz");
        byte[] gz = gzip(images(100, 28, 28, new byte[100 * 784]));
        Files.write(images, Arrays.copyOf(gz, gz.length / 2));
        Files.write(labels, gzip(labels(new byte[100])));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(images + ": truncated IDX file");
    }

    @Test
    void read_headerOnlyPartlyPresent_reportsTruncatedHeader() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0});
        Files.write(labels, labels(new byte[1]));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .hasMessage(images + ": truncated IDX file: header ends inside dimension 0");
    }

    @Test
    void read_countsDiffer_namesBothFiles() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        Files.write(images, images(2, 1, 1, new byte[2]));
        Files.write(labels, labels(new byte[3]));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .hasMessage(labels + ": holds 3 labels but " + images + " holds 2 images");
    }

    @Test
    void read_missingFile_namesIt() {
        Path images = dir.resolve("nope");

        assertThatThrownBy(() -> IdxReader.read(images, images)).hasMessage(images + ": no such file");
    }

    @Test
    void readFolder_missingFile_namesFolderAndFile() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(1, 1, 1, new byte[1]));

        assertThatThrownBy(() -> IdxDataSets.readFolder(dir))
                .hasMessage(dir + ": missing train-labels-idx1-ubyte (or train-labels-idx1-ubyte.gz)");
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] labels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
