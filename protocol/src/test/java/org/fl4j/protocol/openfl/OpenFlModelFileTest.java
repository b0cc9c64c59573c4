package org.fl4j.protocol.openfl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.wire.ModelProto;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFlModelFileTest {

    @TempDir
    Path dir;

    static ModelWeights model() {
        return new ModelWeights(List.of(new Tensor("conv2d/kernel:0", new int[] {3, 3, 1, 2},
                TaskResultsReaderTest.values(18)), new Tensor("dense/bias:0", new int[] {5}, new float[] {1, 2, 3, 4, 5}),
                new Tensor("scalar", new int[0], new float[] {7})));
    }

    @Test
    void write_pbufPath_openFlModelProtoAsOpenFlWritesIt() throws IOException {
        Path file = dir.resolve("save/keras_cnn_mnist_last.pbuf");
        ModelFile.write(file, new SavedModel(4, Map.of("plan_hash", "x"), model()));

        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(proto.getTensorsList()).extracting(NamedTensor::getName)
                .containsExactly("conv2d/kernel:0", "dense/bias:0", "scalar");
        NamedTensor kernel = proto.getTensors(0);
        assertThat(kernel.getRoundNumber()).isEqualTo(4);
        assertThat(kernel.getTagsList()).containsExactly("model");
        assertThat(kernel.getLossless()).isTrue();
        assertThat(kernel.getTransformerMetadata(0).getIntListList()).containsExactly(3, 3, 1, 2);
        assertThat(OpenFlTestCollaborator.decode(kernel, model().tensors().get(0)))
                .containsExactly(model().tensors().get(0).values());
        assertThat(proto.getTensors(2).getTransformerMetadata(0).getIntListCount()).isZero();
    }

    @Test
    void read_writtenFile_sameModelAndRound() throws IOException {
        Path file = dir.resolve("init.pbuf");
        ModelFile.write(file, new SavedModel(0, Map.of(), model()));
        SavedModel back = ModelFile.read(file);
        assertThat(back.round()).isZero();
        assertThat(back.weights()).isEqualTo(model());
        assertThat(ModelFile.readHeader(file).round()).isZero();
    }

    @Test
    void read_compressedByAnotherPipeline_refusedNamingIt() throws IOException {
        Path file = dir.resolve("skc.pbuf");
        NamedTensor t = OpenFlTestCollaborator.tensor("w", new int[] {2}, new float[] {1, 2}, 0, List.of("model"),
                true, false).toBuilder().addTransformerMetadata(org.fl4j.protocol.openfl.wire.MetadataProto
                .newBuilder().putIntToFloat(0, 1f)).addTransformerMetadata(
                org.fl4j.protocol.openfl.wire.MetadataProto.newBuilder()).build();
        Files.write(file, ModelProto.newBuilder().addTensors(t).build().toByteArray());
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("tensor 0 'w' carries the metadata of 3 transformer stages")
                .hasMessageContaining("openfl.pipelines.SKCPipeline")
                .hasMessageContaining("fl4j implements only openfl.pipelines.NoCompressionPipeline");
    }

    @Test
    void read_notAModelProto_refused() throws IOException {
        Path file = dir.resolve("junk.pbuf");
        Files.write(file, new byte[] {0x0a, 0x7f, 1, 2});
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("junk.pbuf: not an OpenFL model file");
    }
}
