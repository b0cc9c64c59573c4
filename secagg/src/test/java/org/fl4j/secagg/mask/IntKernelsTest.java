package org.fl4j.secagg.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector kernels against the scalar reference at awkward lengths and offsets, and the parallel expansion. */
class IntKernelsTest {

    private static final int[] LENGTHS = {0, 1, 3, 7, 13, 15, 16, 17, 63, 207, 4098};

    @Test
    void vector_isAvailableInTests() {
        assertThat(MaskKernels.vector()).isPresent();
        assertThat(MaskKernels.get().name()).isEqualTo("vector");
    }

    @Test
    void littleEndianAddSubtract_vectorEqualsScalar() {
        IntKernels vector = MaskKernels.vector().orElseThrow();
        Random r = new Random(1);
        for (int n : LENGTHS) {
            for (int accFrom : new int[] {0, 1, 5}) {
                for (int bytesFrom : new int[] {0, 3, 8}) {
                    int[] a = r.ints(n + accFrom).toArray();
                    byte[] bytes = new byte[4 * n + bytesFrom];
                    r.nextBytes(bytes);
                    int[] s = a.clone();
                    int[] v = a.clone();
                    MaskKernels.scalar().addLittleEndian(s, accFrom, bytes, bytesFrom, n);
                    vector.addLittleEndian(v, accFrom, bytes, bytesFrom, n);
                    assertThat(v).as("add n=%s", n).containsExactly(s);
                    MaskKernels.scalar().subtractLittleEndian(s, accFrom, bytes, bytesFrom, n);
                    vector.subtractLittleEndian(v, accFrom, bytes, bytesFrom, n);
                    assertThat(v).as("subtract n=%s", n).containsExactly(a);
                    assertThat(s).containsExactly(a);
                }
            }
        }
    }

    @Test
    void add_vectorEqualsScalarAndWraps() {
        IntKernels vector = MaskKernels.vector().orElseThrow();
        Random r = new Random(2);
        for (int n : LENGTHS) {
            int[] a = r.ints(n).toArray();
            int[] x = r.ints(n).toArray();
            int[] s = a.clone();
            int[] v = a.clone();
            int from = Math.min(n, 2);
            MaskKernels.scalar().add(s, x, from, n);
            vector.add(v, x, from, n);
            assertThat(v).containsExactly(s);
            for (int i = from; i < n; i++) {
                assertThat(s[i]).isEqualTo((int) ((long) a[i] + x[i]));
            }
        }
    }

    @Test
    void scalarLittleEndian_readsLowByteFirst() {
        int[] acc = new int[1];
        MaskKernels.scalar().addLittleEndian(acc, 0, new byte[] {1, 2, 3, (byte) 0x84}, 0, 1);
        assertThat(acc[0]).isEqualTo(0x84030201);
    }

    @Test
    void expansion_parallel_equalsOneStreamAtATime() {
        int length = 3 * MaskExpansion.SLICE + 4097;
        List<MaskExpansion.Term> terms = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 5; i++) {
            byte[] key = new byte[32];
            r.nextBytes(key);
            terms.add(new MaskExpansion.Term(key, i % 2 == 0 ? 1 : -1));
        }
        int[] expected = new int[length];
        for (MaskExpansion.Term t : terms) {
            new MaskStream(t.key()).apply(expected, 0, length, t.sign(), MaskKernels.scalar());
        }
        for (int parallelism : new int[] {1, 2, 3, 8}) {
            int[] acc = new int[length];
            MaskExpansion.apply(acc, length, terms, MaskKernels.get(), parallelism);
            assertThat(acc).as("parallelism %s", parallelism).containsExactly(expected);
        }
    }

    @Test
    void select_moduleMissing_warnsAndFallsBack() {
        List<String> warnings = new ArrayList<>();
        assertThat(MaskKernels.select(false, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains(MaskKernels.FLAG);
    }
}
