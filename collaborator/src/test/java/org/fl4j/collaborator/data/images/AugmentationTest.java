package org.fl4j.collaborator.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.fl4j.collaborator.data.LabeledData;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static float[] ramp(int channels, int size) {
        float[] a = new float[channels * size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void transform_eightOps_areEightDistinctPermutations() {
        float[] in = ramp(2, 5);
        Set<String> seen = new HashSet<>();
        for (int op = 0; op < 8; op++) {
            float[] out = new float[in.length];
            Augmentation.transform(in, out, 0, 2, 5, op);
            float[] sorted = out.clone();
            Arrays.sort(sorted);
            assertThat(sorted).containsExactly(in);
            seen.add(Arrays.toString(out));
        }
        assertThat(seen).hasSize(8);
    }

    @Test
    void transform_quarterTurn_movesTopRowToRightColumn() {
        // 3x3: 0 1 2 / 3 4 5 / 6 7 8 turned clockwise is 6 3 0 / 7 4 1 / 8 5 2
        float[] out = new float[9];
        Augmentation.transform(ramp(1, 3), out, 0, 1, 3, 1);
        assertThat(out).containsExactly(6, 3, 0, 7, 4, 1, 8, 5, 2);
        Augmentation.transform(ramp(1, 3), out, 0, 1, 3, 4);
        assertThat(out).containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6);
    }

    @Test
    void flipsAndRotations_sameSeed_sameResultAndLabelsKept() {
        LabeledData data = new LabeledData("t", new int[] {1, 4, 4}, new float[16 * 20], new int[20], 2);
        for (int i = 0; i < data.features().length; i++) {
            data.features()[i] = i % 16;
        }
        LabeledData a = Augmentation.flipsAndRotations(data, 3);
        LabeledData b = Augmentation.flipsAndRotations(data, 3);
        LabeledData c = Augmentation.flipsAndRotations(data, 4);

        assertThat(a.features()).containsExactly(b.features());
        assertThat(a.features()).isNotEqualTo(c.features());
        assertThat(a.labels()).containsExactly(data.labels());
    }

    @Test
    void flipsAndRotations_notSquare_refused() {
        LabeledData data = new LabeledData("rect", new int[] {1, 2, 3}, new float[6], new int[1], 1);
        assertThatThrownBy(() -> Augmentation.flipsAndRotations(data, 1)).hasMessageContaining("rect")
                .hasMessageContaining("square");
    }
}
