package org.fl4j.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fl4j.protocol.v1.SavedModelHeader;
import org.fl4j.protocol.v1.SavedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    /** Tensors around the 1 MiB scratch buffer's size, an empty one and awkward values. */
    private static SavedModel model() {
        Random random = new Random(3);
        float[] big = new float[(1 << 18) + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) random.nextGaussian();
        }
        float[] exact = new float[1 << 18];
        exact[0] = Float.MIN_VALUE;
        exact[1] = -0.0f;
        exact[2] = Float.MAX_VALUE;
        return new SavedModel(4, Map.of("plan_hash", "abc"), new ModelWeights(List.of(
                new Tensor("conv/W", new int[] {big.length}, big),
                new Tensor("empty/b", new int[] {0}, new float[0]),
                new Tensor("dense/W", new int[] {512, 512}, exact),
                new Tensor("dense/b", new int[] {3}, new float[] {1, 2, 3}))));
    }

    @Test
    void writeTo_sameBytesAsSerializingTheMessages() throws IOException {
        SavedModel m = model();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ModelFile.writeTo(streamed, m);

        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        SavedModelHeader.newBuilder().setFormat(ModelFile.FORMAT).setFormatVersion(ModelFile.FORMAT_VERSION)
                .setRound(m.round()).putAllProvenance(m.provenance()).setTensorCount(m.weights().tensorCount())
                .build().writeDelimitedTo(messages);
        for (Tensor t : m.weights().tensors()) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(t.values());
            SavedTensor.Builder b = SavedTensor.newBuilder().setName(t.name()).setData(ByteString.copyFrom(bytes));
            for (int d : t.shape()) {
                b.addShape(d);
            }
            b.build().writeDelimitedTo(messages);
        }

        assertThat(streamed.toByteArray()).isEqualTo(messages.toByteArray());
    }

    @Test
    void writeThenRead_sameModel() throws IOException {
        SavedModel m = model();
        Path file = dir.resolve("m.fl4j");
        ModelFile.write(file, m);

        SavedModel back = ModelFile.read(file);

        assertThat(back.round()).isEqualTo(4);
        assertThat(back.provenance()).isEqualTo(m.provenance());
        for (int i = 0; i < m.weights().tensorCount(); i++) {
            Tensor want = m.weights().tensors().get(i);
            Tensor got = back.weights().tensors().get(i);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(got.shape()).isEqualTo(want.shape());
            assertThat(got.values()).isEqualTo(want.values());
        }
    }

    @Test
    void read_truncated_namesTheFileAndTensor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.writeTo(out, model());
        byte[] bytes = out.toByteArray();
        Path file = dir.resolve("cut.fl4j");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": truncated or corrupt tensor 0");
        assertThatThrownBy(() -> ModelFile.readFrom(new ByteArrayInputStream(new byte[] {1, 2, 3}), "x"))
                .hasMessageStartingWith("x: not an fl4j model file");
    }
}
