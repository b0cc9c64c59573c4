package org.fl4j.aggregation.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up runs every kernel without failing, computes the same with either implementation, and ends. */
class KernelWarmUpTest {

    @Test
    void run_scalarAndVector_sameFiniteResult() {
        double scalar = KernelWarmUp.run(Kernels.scalar());

        assertThat(scalar).isFinite();
        // reductions may round differently (FoldKernels); the element-wise kernels do not
        Kernels.vector().ifPresent(v -> assertThat(KernelWarmUp.run(v)).isCloseTo(scalar, withPercentage(1e-7)));
    }

    @Test
    void startOnce_oneDaemonThreadPerJvm_thatFinishes() throws Exception {
        Thread t = KernelWarmUp.startOnce();

        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("fl4j-kernel-warm-up");
        assertThat(KernelWarmUp.startOnce()).isSameAs(t);
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).isFalse();
    }
}
