package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostViewsTest {

    @TempDir
    Path workspace;

    @Test
    void read_everyParameterOfTheCnnAndAnMlp_equalsNd4jsRowMajorCopy() throws Exception {
        for (Network net : new Network[] {Fixtures.kerasCnn(workspace, 1).network(),
                new Network(WeightExchangeBenchmark.mlp(70, 130, 65, 10))}) {
            for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
                INDArray view = e.getValue();
                float[] fast = new float[(int) view.length()];

                assertThat(HostViews.read(view, fast)).as(e.getKey()).isTrue();
                assertThat(fast).as(e.getKey()).containsExactly(view.dup('c').data().asFloat());
            }
        }
    }

    @Test
    void write_thenNd4jReadsRowMajor_bitExactAndNeighboursUntouched() {
        Network net = new Network(WeightExchangeBenchmark.mlp(70, 130, 65, 10));
        INDArray flatBefore = net.flatParams().dup();
        INDArray view = net.params().get("layer1/W");
        assertThat(view.ordering()).isEqualTo('f');
        float[] values = new float[(int) view.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7f;
        }

        assertThat(HostViews.write(values, view)).isTrue();

        assertThat(view.dup('c').data().asFloat()).containsExactly(values);
        assertThat(view.getFloat(3, 7)).isEqualTo(values[3 * 65 + 7]);
        for (String other : new String[] {"layer0/W", "layer1/b", "layer2/W"}) {
            INDArray before = new Network(WeightExchangeBenchmark.mlp(70, 130, 65, 10)).params().get(other);
            assertThat(net.params().get(other).equals(before)).as(other).isTrue();
        }
        assertThat(net.flatParams().equals(flatBefore)).isFalse();
    }

    @Test
    void layout_stridedSliceOrDouble_leftToTheGeneralPath() {
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 8, 6);
        INDArray everyOtherColumn = matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 6));
        float[] dst = new float[(int) everyOtherColumn.length()];

        assertThat(HostViews.read(everyOtherColumn, dst)).isFalse();
        assertThat(dst).containsOnly(0f);
        assertThat(HostViews.layout(Nd4j.rand(DataType.DOUBLE, 3, 3))).isEqualTo(HostViews.Layout.OTHER);
        assertThat(HostViews.write(new float[48], matrix)).isTrue();
        assertThat(matrix.sumNumber().doubleValue()).isZero();
    }
}
