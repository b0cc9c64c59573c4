package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fl4j.aggregation.AggregationStrategies;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.plan.UpdateStaging;
import org.junit.jupiter.api.Test;

/** {@code update_staging: auto}: memory while staging fits in half the heap, disk beyond, as the plan says otherwise. */
class StagingChoiceTest {

    private static final long MODEL = 100L << 20;
    private static final long GIB = 1L << 30;

    private static AggregationStrategy strategy(String name) {
        return AggregationStrategies.create(name, Map.of());
    }

    @Test
    void auto_fedAvg_memoryWhileGlobalAccumulatorAndUploadsFitInHalfTheHeap() {
        StagingChoice fits = StagingChoice.of(UpdateStaging.AUTO, strategy("WeightedAverage"), MODEL, 2, 4, 2 * GIB);
        StagingChoice tight = StagingChoice.of(UpdateStaging.AUTO, strategy("WeightedAverage"), MODEL, 2, 4, 999L << 20);

        assertThat(fits.staging()).isEqualTo(UpdateStaging.MEMORY);
        assertThat(fits.reason()).isEqualTo("update_staging: auto; in memory they need about 5 models, 500 MiB, of a"
                + " 2,048 MiB heap");
        assertThat(StagingChoice.of(UpdateStaging.AUTO, strategy("WeightedAverage"), MODEL, 2, 4, 1000L << 20)
                .staging()).isEqualTo(UpdateStaging.MEMORY);
        assertThat(tight.staging()).isEqualTo(UpdateStaging.DISK);
        assertThat(tight.reason()).endsWith("500 MiB, of a 999 MiB heap, more than half of it");
    }

    @Test
    void auto_median_countsEveryCollaboratorsUpdate() {
        StagingChoice few = StagingChoice.of(UpdateStaging.AUTO, strategy("Median"), MODEL, 2, 3, 2 * GIB);
        StagingChoice many = StagingChoice.of(UpdateStaging.AUTO, strategy("Median"), MODEL, 2, 20, 2 * GIB);

        assertThat(few.staging()).isEqualTo(UpdateStaging.MEMORY);
        assertThat(few.reason()).contains("about 6 models");
        assertThat(many.staging()).isEqualTo(UpdateStaging.DISK);
        assertThat(many.reason()).contains("about 23 models");
    }

    @Test
    void auto_strategyNotCoordinateWise_staysInMemorySayingWhy() {
        StagingChoice krum = StagingChoice.of(UpdateStaging.AUTO, strategy("Krum"), MODEL, 2, 20, GIB);

        assertThat(krum.staging()).isEqualTo(UpdateStaging.MEMORY);
        assertThat(krum.reason()).startsWith("update_staging: auto; Krum can only combine updates held in memory;");
    }

    @Test
    void auto_smallModel_sizesInKiB() {
        StagingChoice small = StagingChoice.of(UpdateStaging.AUTO, strategy("WeightedAverage"), 4 * 7850, 2, 3,
                GIB);

        assertThat(small.reason()).isEqualTo("update_staging: auto; in memory they need about 5 models, 154 KiB, of"
                + " a 1,024 MiB heap");
        assertThat(StagingChoice.size(1)).isEqualTo("1 KiB");
        assertThat(StagingChoice.size((1 << 20) - 1)).isEqualTo("1,024 KiB");
        assertThat(StagingChoice.size(1 << 20)).isEqualTo("1 MiB");
    }

    @Test
    void memoryOrDisk_inThePlan_keptWhateverTheHeap() {
        assertThat(StagingChoice.of(UpdateStaging.MEMORY, strategy("WeightedAverage"), MODEL, 2, 4, GIB / 4))
                .isEqualTo(new StagingChoice(UpdateStaging.MEMORY, "update_staging: memory"));
        assertThat(StagingChoice.of(UpdateStaging.DISK, strategy("WeightedAverage"), MODEL, 2, 4, 64 * GIB))
                .isEqualTo(new StagingChoice(UpdateStaging.DISK, "update_staging: disk"));
    }
}
