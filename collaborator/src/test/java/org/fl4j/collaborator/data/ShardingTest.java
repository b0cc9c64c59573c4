package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardingTest {

    private static final int[] LABELS = IntsOf.labels(1000, 10);

    @Test
    void roundRobin_takesEveryNthSampleStartingAtTheShard() {
        assertThat(Sharding.indices(new int[7], 1, ShardSpec.roundRobin(1, 3))).containsExactly(0, 3, 6);
        assertThat(Sharding.indices(new int[7], 1, ShardSpec.roundRobin(2, 3))).containsExactly(1, 4);
        assertThat(Sharding.indices(new int[7], 1, ShardSpec.roundRobin(3, 3))).containsExactly(2, 5);
    }

    @Test
    void contiguous_takesConsecutiveBlocks() {
        ShardSpec first = new ShardSpec(1, 3, SplitMethod.CONTIGUOUS, 1, 0);
        ShardSpec last = new ShardSpec(3, 3, SplitMethod.CONTIGUOUS, 1, 0);

        assertThat(Sharding.indices(new int[7], 1, first)).containsExactly(0, 1);
        assertThat(Sharding.indices(new int[7], 1, last)).containsExactly(4, 5, 6);
    }

    @Test
    void everyMethod_shardsAreDisjointAndCoverTheData() {
        for (SplitMethod method : SplitMethod.values()) {
            Set<Integer> seen = new HashSet<>();
            int total = 0;
            for (int s = 1; s <= 4; s++) {
                int[] idx = Sharding.indices(LABELS, 10, new ShardSpec(s, 4, method, 0.5, 42));
                total += idx.length;
                Arrays.stream(idx).forEach(seen::add);
            }
            assertThat(total).as(method.planName()).isEqualTo(LABELS.length);
            assertThat(seen).as(method.planName()).hasSize(LABELS.length);
        }
    }

    @Test
    void dirichlet_sameSeed_sameShards_otherSeed_otherShards() {
        ShardSpec a = new ShardSpec(1, 2, SplitMethod.DIRICHLET, 0.5, 7);
        ShardSpec b = new ShardSpec(1, 2, SplitMethod.DIRICHLET, 0.5, 8);

        assertThat(Sharding.indices(LABELS, 10, a)).containsExactly(Sharding.indices(LABELS, 10, a));
        assertThat(Sharding.indices(LABELS, 10, a)).isNotEqualTo(Sharding.indices(LABELS, 10, b));
    }

    @Test
    void dirichlet_smallAlpha_skewsLabelsMuchMoreThanRoundRobin() {
        double skewed = maxClassShareDeviation(new ShardSpec(1, 2, SplitMethod.DIRICHLET, 0.1, 3));
        double iid = maxClassShareDeviation(ShardSpec.roundRobin(1, 2));

        assertThat(iid).isLessThan(0.02);
        assertThat(skewed).isGreaterThan(0.1);
    }

    @Test
    void dirichlet_proportionsOfEachClassSumToOne() {
        double[][] p = Sharding.proportions(10, new ShardSpec(1, 5, SplitMethod.DIRICHLET, 0.5, 1));

        for (double[] row : p) {
            assertThat(Arrays.stream(row).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(Arrays.stream(row).boxed()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        }
    }

    @Test
    void shard_embeddedMnistInTwo_splitsTrainAndValidation() throws IOException {
        LocalData one = Sharding.shard(IdxDataSets.embeddedMnist(), ShardSpec.roundRobin(1, 2));

        assertThat(one.train().size()).isEqualTo(4000);
        assertThat(one.validation().size()).isEqualTo(1000);
        assertThat(one.train().source()).isEqualTo("embedded:train-images-idx3-ubyte shard 1/2");
    }

    @Test
    void shard_moreShardsThanSamples_reportsEmptyShard() {
        LabeledData two = new LabeledData("tiny.csv", new int[] {1}, new float[2], new int[2], 1);

        assertThatThrownBy(() -> Sharding.shard(two, ShardSpec.roundRobin(3, 3)))
                .isInstanceOf(DataException.class)
                .hasMessage("tiny.csv: shard 3 of 3 (round_robin) is empty: 2 samples are too few for 3 shards");
    }

    @Test
    void shardSpec_shardOutsideRange_isRefused() {
        assertThatThrownBy(() -> ShardSpec.roundRobin(3, 2)).hasMessage("shard 3 does not exist: shards are"
                + " numbered 1..2");
        assertThatThrownBy(() -> ShardSpec.roundRobin(0, 2)).hasMessageContaining("shard 0 does not exist");
    }

    private static double maxClassShareDeviation(ShardSpec spec) {
        int[] idx = Sharding.indices(LABELS, 10, spec);
        int[] counts = new int[10];
        for (int i : idx) {
            counts[LABELS[i]]++;
        }
        double max = 0;
        for (int c : counts) {
            max = Math.max(max, Math.abs((double) c / idx.length - 0.1));
        }
        return max;
    }

    /** Balanced labels 0..classes-1 in a fixed scrambled order. */
    static final class IntsOf {
        static int[] labels(int n, int classes) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = (i * 7 + i / classes) % classes;
            }
            return out;
        }
    }
}
