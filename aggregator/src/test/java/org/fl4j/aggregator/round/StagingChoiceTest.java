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
                .isEqualTo(new StagingChoice(UpdateStaging.MEMORY, "update_staging: memory", 5));
        assertThat(StagingChoice.of(UpdateStaging.DISK, strategy("WeightedAverage"), MODEL, 2, 4, 64 * GIB))
                .isEqualTo(new StagingChoice(UpdateStaging.DISK, "update_staging: disk", 2));
    }

    @Test
    void models_onDiskTheGlobalAndTheNewOne_inMemoryTheEstimate() {
        assertThat(StagingChoice.of(UpdateStaging.AUTO, strategy("WeightedAverage"), MODEL, 2, 4, 999L << 20)
                .models()).isEqualTo(2);
        assertThat(StagingChoice.of(UpdateStaging.DISK, strategy("Median"), MODEL, 2, 20, 2 * GIB).models())
                .isEqualTo(2);
        assertThat(StagingChoice.of(UpdateStaging.MEMORY, strategy("WeightedAverage"), MODEL, 3, 4, GIB).models())
                .isEqualTo(6);
        assertThat(StagingChoice.of(UpdateStaging.AUTO, strategy("Median"), MODEL, 2, 3, 2 * GIB).models())
                .isEqualTo(6);
    }

    @Test
    void oldGeneration_tooSmallForTheModels_warnsNamingTheWaysOut() {
        long model = 25_000_000L * 4;

        assertThat(OldGeneration.warning(2, model, 300L << 20, 300L << 20)).isEmpty();
        assertThat(OldGeneration.warning(2, model, 240L << 20, 300L << 20)).as("-Xmx300m, NewRatio=4").isEmpty();
        assertThat(OldGeneration.warning(2, model, 224L << 20, 280L << 20)).as("-Xmx280m, NewRatio=4").isEmpty();
        assertThat(OldGeneration.warning(2, model, 200L << 20, 300L << 20))
                .as("-Xmx300m, NewRatio=2: the arrays fit, but a full collection every round").isPresent();
        assertThat(OldGeneration.warning(2, model, 187L << 20, 280L << 20)).hasValue("The aggregator keeps 2"
                + " model-sized arrays on the heap (190 MiB), which the collector allocates in the heap's old"
                + " generation, but that can hold only 187 MiB of the 280 MiB heap, too little to keep them and what"
                + " each round adds: expect a full collection every round, or the aggregator to run out of memory."
                + " Give it a larger heap (FX_HEAP) or a smaller young generation (a larger -XX:NewRatio in"
                + " FX_JAVA_OPTS; fx starts the aggregator with 4)");
    }

    @Test
    void oldGeneration_ofThisJvm_isReportedWithinTheHeap() {
        java.util.OptionalLong max = OldGeneration.max();

        assertThat(max).isPresent();
        assertThat(max.getAsLong()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }
}
