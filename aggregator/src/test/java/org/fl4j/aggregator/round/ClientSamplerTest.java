package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.Sampling;
import org.junit.jupiter.api.Test;

class ClientSamplerTest {

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("site%04d", i));
        }
        return out;
    }

    @Test
    void select_manyRounds_countsNeverDifferByMoreThanOne() {
        for (int[] nk : new int[][] {{7, 3}, {10, 4}, {1000, 50}, {13, 12}, {5, 1}}) {
            List<String> cols = names(nk[0]);
            ClientSampler sampler = new ClientSampler(new Sampling(nk[1], 0, 0), 42);
            Map<String, Integer> times = new HashMap<>();
            for (long r = 0; r < 60; r++) {
                List<String> chosen = sampler.select(r, cols);
                assertThat(chosen).hasSize(nk[1]).doesNotHaveDuplicates().isSorted();
                chosen.forEach(c -> times.merge(c, 1, Integer::sum));
                int min = cols.stream().mapToInt(c -> times.getOrDefault(c, 0)).min().orElseThrow();
                int max = cols.stream().mapToInt(c -> times.getOrDefault(c, 0)).max().orElseThrow();
                assertThat(max - min).as("n %d, k %d, round %d", nk[0], nk[1], r).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void select_sameSeedAnyOrderAndFreshSampler_sameChoice() {
        List<String> cols = names(50);
        List<String> shuffled = new ArrayList<>(cols);
        Collections.shuffle(shuffled, new java.util.Random(1));
        ClientSampler a = new ClientSampler(new Sampling(0, 0.1, 0.2), 7);
        List<List<String>> rounds = new ArrayList<>();
        for (long r = 0; r < 20; r++) {
            rounds.add(a.select(r, cols));
        }

        assertThat(new ClientSampler(new Sampling(0, 0.1, 0.2), 7).select(13, shuffled)).isEqualTo(rounds.get(13));
        assertThat(a.select(4, cols)).isEqualTo(rounds.get(4));
        assertThat(rounds.get(0)).hasSize(6);
    }

    @Test
    void select_otherSeed_otherChoice() {
        List<String> cols = names(100);

        assertThat(new ClientSampler(new Sampling(10, 0, 0), 1).select(0, cols))
                .isNotEqualTo(new ClientSampler(new Sampling(10, 0, 0), 2).select(0, cols));
    }

    @Test
    void select_noSampling_everyone() {
        List<String> cols = names(5);

        assertThat(new ClientSampler(Sampling.ALL, 3).select(9, cols)).isEqualTo(cols);
        assertThat(new ClientSampler(Sampling.ALL, 3).needed(5, 5)).isEqualTo(5);
        assertThat(new ClientSampler(new Sampling(2, 0, 1.0), 3).needed(4, 5)).isEqualTo(2);
    }

    @Test
    void select_poisson_eachRoundAFreshDrawAtTheRate() throws Exception {
        List<String> cols = names(1000);
        java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(20261206L);
        ClientSampler sampler = new ClientSampler(new Sampling(0, 0.3, 0, true), 42, random);
        Map<String, Integer> times = new HashMap<>();
        List<String> previous = List.of();
        long total = 0;
        for (long r = 0; r < 40; r++) {
            List<String> chosen = sampler.select(r, cols);
            assertThat(sampler.select(r, cols)).as("asked twice in round %d", r).isSameAs(chosen);
            assertThat(chosen).doesNotHaveDuplicates().isSorted().isNotEqualTo(previous);
            // Binomial(1000, 0.3): mean 300, standard deviation 14.5; the bounds are 5 deviations out.
            assertThat(chosen.size()).as("round %d", r).isBetween(228, 372);
            assertThat(sampler.needed(chosen.size(), cols.size())).isEqualTo(chosen.size());
            chosen.forEach(c -> times.merge(c, 1, Integer::sum));
            total += chosen.size();
            previous = chosen;
        }
        // 40 rounds: each site joins Binomial(40, 0.3) times, mean 12; the overall mean is within 1%.
        assertThat(total / 40.0).isBetween(285.0, 315.0);
        assertThat(times.size()).isGreaterThan(990);
    }

    @Test
    void select_poissonWithACount_usesTheCountOverTheCollaboratorsAsRate() {
        ClientSampler sampler = new ClientSampler(new Sampling(50, 0, 0, true), 1);
        int sum = 0;
        for (long r = 0; r < 20; r++) {
            sum += sampler.select(r, names(100)).size();
        }
        // Binomial(2000, 0.5) in all: mean 1000, standard deviation 22.4.
        assertThat(sum).isBetween(888, 1112);
    }
}
