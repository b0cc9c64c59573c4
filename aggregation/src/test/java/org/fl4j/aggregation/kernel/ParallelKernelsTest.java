package org.fl4j.aggregation.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParallelKernelsTest {

    private final FoldKernels sequential = Kernels.vector().orElse(Kernels.scalar());
    private final ParallelKernels parallel = new ParallelKernels(sequential, 64);
    private final int n = 100_003;

    @Test
    void addScaledAndDivide_splitRanges_sameBitsAsOneThread() {
        float[] x = VectorKernelsTest.floats(n, 1);
        double[] one = VectorKernelsTest.doubles(n, 2);
        double[] split = one.clone();
        sequential.addScaled(one, x, 3.0, 5, n);
        parallel.addScaled(split, x, 3.0, 5, n);
        assertThat(split).containsExactly(one);

        float[] outOne = new float[n];
        float[] outSplit = new float[n];
        sequential.divideInto(one, 9.0, outOne, 0, n);
        parallel.divideInto(split, 9.0, outSplit, 0, n);
        assertThat(outSplit).containsExactly(outOne);
    }

    @Test
    void scaleInto_splitRanges_sameBitsAsOneThread() {
        float[] x = VectorKernelsTest.floats(n, 5);
        double[] one = VectorKernelsTest.doubles(n, 6);
        double[] split = one.clone();
        sequential.scaleInto(one, x, 7.0, 3, n);
        parallel.scaleInto(split, x, 7.0, 3, n);
        assertThat(split).containsExactly(one);
    }

    @Test
    void shrinkTowards_splitRanges_sameBitsAsOneThread() {
        float[] one = VectorKernelsTest.floats(n, 3);
        float[] split = one.clone();
        float[] base = VectorKernelsTest.floats(n, 4);
        sequential.shrinkTowards(one, base, 0.5, 0, n);
        parallel.shrinkTowards(split, base, 0.5, 0, n);
        assertThat(split).containsExactly(one);
    }

    @Test
    void squaredDistance_reproducibleRunToRun() {
        float[] a = VectorKernelsTest.floats(n, 5);
        float[] b = VectorKernelsTest.floats(n, 6);
        double first = parallel.squaredDistance(a, b, 0, n);
        for (int i = 0; i < 20; i++) {
            assertThat(parallel.squaredDistance(a, b, 0, n)).isEqualTo(first);
        }
        assertThat(first).isCloseTo(sequential.squaredDistance(a, b, 0, n),
                org.assertj.core.api.Assertions.within(first * 1e-12));
    }

    @Test
    void rankMean_splitRanges_sameBitsAsOneThread() {
        float[][] columns = new float[7][];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = VectorKernelsTest.floats(n, 20 + c);
        }
        float[] one = new float[n];
        float[] split = new float[n];
        sequential.rankMean(columns, 3, 4, one, 0, n);
        parallel.rankMean(columns, 3, 4, split, 0, n);
        assertThat(split).containsExactly(one);
    }

    @Test
    void constructor_tinyThreshold_refused() {
        assertThatThrownBy(() -> new ParallelKernels(sequential, 8)).hasMessageContaining("at least 64, found 8");
    }
}
