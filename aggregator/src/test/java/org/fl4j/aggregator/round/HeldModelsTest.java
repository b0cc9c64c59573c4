package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.ModelLease;
import org.junit.jupiter.api.Test;

class HeldModelsTest {

    private final List<float[][]> reused = new ArrayList<>();

    private SharedModel model(float value) {
        return new SharedModel(new ModelWeights(List.of(new Tensor("w", new int[] {3}, new float[] {value, value,
                value}))), reused::add);
    }

    @Test
    void lease_keptRounds_onlyTheLastKeepRounds() {
        HeldModels held = new HeldModels(2);
        for (int r = 0; r < 4; r++) {
            SharedModel m = model(r);
            held.add(r, m);
            m.release();
        }

        assertThat(held.rounds()).containsExactly(2, 3);
        assertThat(held.lease(1)).isNull();
        ModelLease lease = held.lease(3);
        assertThat(lease.model().tensors().get(0).values()[0]).isEqualTo(3f);
        lease.release();
    }

    @Test
    void add_beyondKeep_theOldestsArraysGoBackForReuseOnlyOnceItsLeasesEnd() {
        HeldModels held = new HeldModels(1);
        SharedModel first = model(0);
        held.add(0, first);
        first.release();
        ModelLease streaming = held.lease(0);

        SharedModel second = model(1);
        held.add(1, second);
        second.release();
        assertThat(reused).isEmpty();

        streaming.release();
        assertThat(reused).hasSize(1);
        assertThat(reused.get(0)[0][0]).isEqualTo(0f);
    }

    @Test
    void add_keepZero_keepsNothingAndTheArraysGoBackAtOnce() {
        HeldModels held = new HeldModels(0);
        SharedModel m = model(5);
        held.add(0, m);
        m.release();

        assertThat(held.lease(0)).isNull();
        assertThat(reused).hasSize(1);
    }
}
