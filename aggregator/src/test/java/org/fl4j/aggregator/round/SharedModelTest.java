package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.ModelLease;
import org.junit.jupiter.api.Test;

class SharedModelTest {

    private final ModelWeights weights = new ModelWeights(List.of(new Tensor("w", new int[] {2, 3}, new float[6]),
            new Tensor("b", new int[] {3}, new float[3])));
    private final List<float[][]> reused = new ArrayList<>();
    private final SharedModel model = new SharedModel(weights, reused::add);

    @Test
    void lastUserLetsGo_arraysHandedBackOnce() {
        ModelLease a = model.lease();
        ModelLease b = model.lease();

        model.release();
        a.release();
        a.release();
        assertThat(reused).isEmpty();
        assertThat(model.users()).isEqualTo(1);
        b.release();

        assertThat(reused).singleElement().satisfies(arrays -> {
            assertThat(arrays[0]).isSameAs(weights.tensors().get(0).values());
            assertThat(arrays[1]).isSameAs(weights.tensors().get(1).values());
        });
        assertThat(a.model()).isSameAs(weights);
    }

    @Test
    void usedAfterItsArraysWereHandedBack_refused() {
        model.release();

        assertThatThrownBy(model::lease).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(model::release).isInstanceOf(IllegalStateException.class);
        assertThat(reused).hasSize(1);
    }
}
