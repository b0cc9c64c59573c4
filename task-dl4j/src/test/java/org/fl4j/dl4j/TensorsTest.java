package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TensorsTest {

    @TempDir
    Path workspace;

    @Test
    void kerasCnn_tensorNamesShapesAndSize() throws Exception {
        ModelWeights w = new ModelWeights(Tensors.export(Fixtures.kerasCnn(workspace, 1).network().params()));

        assertThat(w.tensors()).extracting(Tensor::toString).containsExactly("conv2d/b[16]", "conv2d/W[16, 1, 4, 4]",
                "conv2d_1/b[32]", "conv2d_1/W[32, 16, 4, 4]", "dense/W[800, 100]", "dense/b[100]",
                "dense_1/W[100, 10]", "dense_1/b[10]");
        assertThat(w.parameterCount()).isEqualTo(89_606);
    }

    @Test
    void export_isRowMajor_denseWeightAtRowAndColumn() throws Exception {
        Map<String, INDArray> params = Fixtures.kerasCnn(workspace, 1).network().params();
        INDArray dense = params.get("dense/W");
        assertThat(dense.ordering()).as("DL4J keeps dense weights column-major").isEqualTo('f');

        Tensor t = Tensors.toTensor("dense/W", dense);

        assertThat(t.values()[3 * 100 + 7]).isEqualTo(dense.getFloat(3, 7));
        assertThat(t.values()[799 * 100 + 99]).isEqualTo(dense.getFloat(799, 99));
    }

    @Test
    void roundTrip_intoAnotherNetwork_isBitExact() throws Exception {
        Network a = Fixtures.kerasCnn(workspace, 1).network();
        Network b = Fixtures.kerasCnn(workspace, 2).network();
        ModelWeights fromA = new ModelWeights(Tensors.export(a.params()));
        assertThat(new ModelWeights(Tensors.export(b.params()))).isNotEqualTo(fromA);

        Tensors.load(b.params(), fromA, "test");

        assertThat(new ModelWeights(Tensors.export(b.params()))).isEqualTo(fromA);
        assertThat(b.flatParams().equals(a.flatParams())).isTrue();
    }

    @Test
    void load_wrongShape_namesTensorAndChangesNothing() throws Exception {
        Network net = Fixtures.kerasCnn(workspace, 1).network();
        ModelWeights before = new ModelWeights(Tensors.export(net.params()));
        List<Tensor> tensors = new ArrayList<>(before.tensors());
        tensors.set(0, new Tensor("conv2d/b", new int[] {4, 4}, new float[16]));
        tensors.set(7, new Tensor("dense_1/b", new int[] {10}, new float[10]));

        assertThatThrownBy(() -> Tensors.load(net.params(), new ModelWeights(tensors), "global model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("global model: tensor 'conv2d/b' has shape [4, 4], the model expects [16]");
        assertThat(new ModelWeights(Tensors.export(net.params()))).isEqualTo(before);
    }

    @Test
    void load_unknownOrMissingTensor_isNamed() throws Exception {
        Network net = Fixtures.kerasCnn(workspace, 1).network();
        List<Tensor> tensors = new ArrayList<>(Tensors.export(net.params()));
        tensors.remove(7);

        assertThatThrownBy(() -> Tensors.load(net.params(), new ModelWeights(tensors), "m"))
                .hasMessage("m: tensor 'dense_1/b' is missing");
        tensors.add(new Tensor("dense_2/W", new int[] {1}, new float[1]));
        assertThatThrownBy(() -> Tensors.load(net.params(), new ModelWeights(tensors), "m"))
                .hasMessageStartingWith("m: unknown tensor 'dense_2/W' (the model has conv2d/b, conv2d/W");
    }
}
