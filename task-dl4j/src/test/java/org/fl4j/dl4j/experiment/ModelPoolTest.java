package org.fl4j.dl4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelPoolTest {

    @Test
    void borrow_allLent_waitsUntilOneIsGivenBack() throws Exception {
        String only = "a";
        ModelPool<String> pool = new ModelPool<>(List.of(only));
        String lent = pool.borrow();
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(next).isNotDone();

        pool.giveBack(lent);

        assertThat(next.get(5, TimeUnit.SECONDS)).isSameAs(only);
    }

    @Test
    void giveBack_intoAFullPool_isAnError() {
        ModelPool<String> pool = new ModelPool<>(List.of("a"));
        assertThatThrownBy(() -> pool.giveBack("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("full pool of 1");
    }

    @Test
    void estimate_isModelCopiesPerThreadPlusSitesAndData() {
        MemoryBudget b = new MemoryBudget(1000, 2, 10, 500);
        assertThat(b.estimate()).isEqualTo((2L * MemoryBudget.COPIES_PER_THREAD + MemoryBudget.COPIES_AT_AGGREGATOR)
                * 4000 + 10 * MemoryBudget.BYTES_PER_SITE + 500);
    }
}
