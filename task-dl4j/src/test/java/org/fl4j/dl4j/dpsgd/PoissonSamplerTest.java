package org.fl4j.dl4j.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoissonSamplerTest {

    private static Random seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    @Test
    void next_manySteps_batchSizeHasMeanQnAndBinomialVariance() throws Exception {
        PoissonSampler sampler = new PoissonSampler(1000, 0.05, seeded(1));
        int steps = 4000;
        double sum = 0;
        double squares = 0;
        for (int s = 0; s < steps; s++) {
            int n = sampler.next().length;
            sum += n;
            squares += (double) n * n;
        }
        double mean = sum / steps;
        double variance = squares / steps - mean * mean;

        // Binomial(1000, 0.05): mean 50, variance 47.5; the mean's standard error is 0.11.
        assertThat(mean).isBetween(49.5, 50.5);
        assertThat(variance).isBetween(47.5 * 0.9, 47.5 * 1.1);
    }

    @Test
    void next_everyExample_takenWithProbabilityQ_firstAndLastToo() throws Exception {
        int size = 50;
        PoissonSampler sampler = new PoissonSampler(size, 0.1, seeded(2));
        int[] counts = new int[size];
        int steps = 20_000;
        for (int s = 0; s < steps; s++) {
            int previous = -1;
            for (int i : sampler.next()) {
                assertThat(i).isGreaterThan(previous).isLessThan(size);
                previous = i;
                counts[i]++;
            }
        }
        // 2000 expected per example, standard deviation 42.
        for (int i = 0; i < size; i++) {
            assertThat(counts[i]).as("example %d", i).isBetween(1800, 2200);
        }
    }

    @Test
    void next_rateOne_takesEveryExample() throws Exception {
        assertThat(new PoissonSampler(5, 1, seeded(3)).next()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void create_badRateOrSize_isRefused() {
        assertThatThrownBy(() -> new PoissonSampler(10, 0, new SecureRandom()))
                .hasMessage("sampling rate must be in (0, 1], found 0.0");
        assertThatThrownBy(() -> new PoissonSampler(0, 0.5, new SecureRandom()))
                .hasMessage("Poisson sampling needs at least one example, found 0");
    }

    @Test
    void schedule_stepsAreRoundedEpochsAndRateIsBatchOverSize() {
        assertThat(Schedule.of(4000, 32)).isEqualTo(new Schedule(0.008, 125));
        assertThat(Schedule.of(4000, 300)).isEqualTo(new Schedule(0.075, 13));
        assertThat(Schedule.of(100, 500)).isEqualTo(new Schedule(1.0, 1));
    }
}
