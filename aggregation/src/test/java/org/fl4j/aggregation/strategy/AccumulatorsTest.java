package org.fl4j.aggregation.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.TensorSpec;
import org.junit.jupiter.api.Test;

class AccumulatorsTest {

    private final ModelLayout tile = ModelLayout.of(TensorSpec.of("w", 8));
    private final ModelLayout lastTile = ModelLayout.of(TensorSpec.of("w", 3));

    @Test
    void twoFoldingAtOnce_bothAccumulatorsReused() {
        Accumulators accumulators = new Accumulators();
        double[][] first = accumulators.take(tile);
        double[][] second = accumulators.take(tile);
        accumulators.give(tile, first);
        accumulators.give(tile, second);

        double[][] again = accumulators.take(tile);
        double[][] againToo = accumulators.take(tile);

        assertThat(again).isSameAs(second);
        assertThat(againToo).isSameAs(first);
        assertThat(accumulators.take(tile)).isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void otherLayout_newAccumulator_andOnlyTheLastGivenBackKept() {
        Accumulators accumulators = new Accumulators();
        double[][] full = accumulators.take(tile);
        accumulators.give(tile, full);

        double[][] shorter = accumulators.take(lastTile);
        assertThat(shorter).isNotSameAs(full);
        assertThat(shorter[0]).hasSize(3);
        accumulators.give(lastTile, shorter);
        for (int i = 0; i < Accumulators.RETAIN; i++) {
            accumulators.give(lastTile, new double[][] {new double[3]});
        }

        assertThat(accumulators.take(tile)).as("given back first, dropped").isNotSameAs(full);
    }
}
