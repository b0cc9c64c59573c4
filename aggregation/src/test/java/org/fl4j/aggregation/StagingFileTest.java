package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFileTest {

    @TempDir
    Path dir;

    /** Ten floats in segments of four floats: writes and reads cross segment boundaries. */
    private StagingFile tenFloats() throws IOException {
        return StagingFile.create(Files.createFile(dir.resolve("u.update")), 40, 16);
    }

    private static ByteBuffer littleEndian(float... values) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.flip();
    }

    @Test
    void create_claimsTheWholeFileWithZeros() throws IOException {
        StagingFile file = tenFloats();

        assertThat(Files.size(file.path())).isEqualTo(40);
        assertThat(Files.readAllBytes(file.path())).containsOnly(0);
        float[] read = new float[10];
        file.read(0, read, 10);
        assertThat(read).containsOnly(0f);
    }

    @Test
    void writesAndReadsAcrossSegments_landInTheFile() throws IOException {
        StagingFile file = tenFloats();
        ByteBuffer first = littleEndian(1, 2, 3, 4, 5, 6);
        ByteBuffer heap = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(7).putFloat(8)
                .putFloat(9).putFloat(10).flip();

        file.write(0, first);
        file.write(24, heap);

        assertThat(first.hasRemaining()).isFalse();
        assertThat(heap.hasRemaining()).isFalse();
        float[] read = new float[7];
        file.read(12, read, 7);
        assertThat(read).containsExactly(4, 5, 6, 7, 8, 9, 10);
        ByteBuffer onDisk = ByteBuffer.wrap(Files.readAllBytes(file.path())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) {
            assertThat(onDisk.getFloat(4 * i)).isEqualTo(i + 1f);
        }
    }

    @Test
    void write_fromTheBuffersPosition_overwritesInPlace() throws IOException {
        StagingFile file = tenFloats();
        file.write(0, littleEndian(1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        ByteBuffer src = littleEndian(0, 5, 6);
        src.position(4);

        file.write(8, src);

        float[] read = new float[10];
        file.read(0, read, 10);
        assertThat(read).containsExactly(1, 1, 5, 6, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void checkLength_failsNamingTheFileCutShort() throws IOException {
        StagingFile file = tenFloats();
        file.checkLength();
        try (FileChannel c = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
            c.truncate(12);
        }

        assertThatThrownBy(file::checkLength).isInstanceOf(IOException.class)
                .hasMessage("staging file u.update ends at byte 12, expected 40");
    }

    @Test
    void segmentsMustHoldWholeFloats() {
        assertThatThrownBy(() -> StagingFile.create(dir.resolve("x"), 40, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 4");
    }
}
