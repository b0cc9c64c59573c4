package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StagingBuffersTest {

    private final ModelLayout layout = ModelLayout.of(TensorSpec.of("w", 3, 4), TensorSpec.of("b", 5));
    private final float[][] global = layout.newTensors();

    @Test
    void sharedAcrossRounds_allocatesOnlyThePeakNumberInUse() {
        StagingBuffers buffers = new StagingBuffers(layout, 2);
        AggregationStrategy fedAvg = AggregationStrategies.create("WeightedAverage", Map.of());
        for (int round = 0; round < 5; round++) {
            RoundAggregation r = fedAvg.begin(layout, global, buffers);
            UpdateSink a = r.open("a", 1);
            UpdateSink b = r.open("b", 1);
            fill(a, Updates.random(layout, round));
            fill(b, Updates.random(layout, 100 + round));
            a.commit();
            b.commit();
            r.finish();
        }
        // FedAvg writes each round's new model into a recycled buffer, which then belongs to the caller: one
        // allocation a round replaces it, and nothing else is allocated after round 0.
        assertThat(buffers.allocatedCount()).isEqualTo(2 + 4);
        assertThat(buffers.idleCount()).isEqualTo(1);
    }

    @Test
    void previousModelRecycled_roundsAllocateNothingAfterTheFirst() {
        StagingBuffers buffers = new StagingBuffers(layout, 2);
        AggregationStrategy fedAvg = AggregationStrategies.create("WeightedAverage", Map.of());
        float[][] model = global;
        for (int round = 0; round < 5; round++) {
            RoundAggregation r = fedAvg.begin(layout, model, buffers);
            Updates.send(r, "a", 1, Updates.random(layout, round));
            Updates.send(r, "b", 1, Updates.random(layout, 100 + round));
            float[][] next = r.finish();
            assertThat(buffers.recycle(model)).isTrue();
            model = next;
        }
        // updates staged one after the other: one buffer, and the models take turns with it
        assertThat(buffers.allocatedCount()).isEqualTo(1);
        assertThat(buffers.idleCount()).isEqualTo(1);
    }

    @Test
    void recycle_otherShapesOrBeyondRetain_notKept_andTwiceRefused() {
        StagingBuffers buffers = new StagingBuffers(layout, 1);
        float[][] arrays = layout.newTensors();

        assertThat(buffers.recycle(new float[][] {new float[12], new float[4]})).isFalse();
        assertThat(buffers.recycle(new float[][] {new float[12]})).isFalse();
        assertThat(buffers.recycle(arrays)).isTrue();
        assertThatThrownBy(() -> buffers.recycle(arrays)).isInstanceOf(IllegalStateException.class);
        assertThat(buffers.recycle(layout.newTensors())).isFalse();
        assertThat(buffers.take()).isSameAs(arrays);
        assertThat(buffers.allocatedCount()).isZero();
    }

    @Test
    void fedAvgResult_writtenIntoARecycledBuffer_exactMeanDespiteStaleValues() {
        StagingBuffers buffers = new StagingBuffers(layout, 2);
        AggregationStrategy fedAvg = AggregationStrategies.create("WeightedAverage", Map.of());
        RoundAggregation first = fedAvg.begin(layout, global, buffers);
        Updates.send(first, "a", 1, Updates.random(layout, 1));
        Updates.send(first, "b", 1, Updates.random(layout, 2));
        float[][] model1 = first.finish();

        RoundAggregation second = fedAvg.begin(layout, model1, buffers);
        float[][] x = Updates.random(layout, 3);
        float[][] y = Updates.random(layout, 4);
        Updates.send(second, "a", 1, x);
        Updates.send(second, "b", 3, y);
        float[][] model2 = second.finish();

        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                assertThat(model2[t][i]).isEqualTo((float) ((x[t][i] + 3.0 * y[t][i]) / 4));
            }
        }
        assertThat(model2).isNotSameAs(model1);
        assertThat(buffers.allocatedCount()).isEqualTo(2);
    }

    @Test
    void reusedBuffer_holdsNothingOfThePreviousUpdate() {
        StagingBuffers buffers = new StagingBuffers(layout, 1);
        AggregationStrategy median = AggregationStrategies.create("Median", Map.of());
        RoundAggregation first = median.begin(layout, global, buffers);
        Updates.send(first, "a", 1, Updates.random(layout, 1));
        first.finish();

        RoundAggregation second = median.begin(layout, global, buffers);
        float[][] x = Updates.random(layout, 2);
        Updates.send(second, "a", 1, x, 2);

        assertThat(second.finish()).isDeepEqualTo(x);
        assertThat(buffers.allocatedCount()).isEqualTo(1);
    }

    @Test
    void refusedAndAbortedUpdates_giveTheirBuffersBack() {
        StagingBuffers buffers = new StagingBuffers(layout, 4);
        RoundAggregation r = AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global, buffers);
        UpdateSink refused = r.open("a", 1);
        try {
            refused.accept(1, 0, new float[] {Float.NaN}, 0, 1);
        } catch (UpdateRejectedException expected) {
            // the refusal is what this test is about
        }
        r.open("b", 1).abort();
        r.open("c", 1).abort();

        assertThat(buffers.allocatedCount()).isEqualTo(1);
        assertThat(buffers.idleCount()).isEqualTo(1);
    }

    @Test
    void combinerReturningAStagedArray_thatBufferIsNotReused() {
        StagingBuffers buffers = new StagingBuffers(layout, 4);
        AggregationStrategy first = AggregationStrategies.create(FirstUpdate.class.getName(), Map.of());
        RoundAggregation r = first.begin(layout, global, buffers);
        float[][] x = Updates.random(layout, 5);
        Updates.send(r, "a", 1, x);
        float[][] result = r.finish();

        RoundAggregation next = first.begin(layout, global, buffers);
        Updates.send(next, "a", 1, Updates.random(layout, 6));

        assertThat(result).isDeepEqualTo(x);
        assertThat(buffers.allocatedCount()).isEqualTo(2);
    }

    private static void fill(UpdateSink sink, float[][] values) {
        for (int t = 0; t < values.length; t++) {
            sink.accept(t, 0, values[t], 0, values[t].length);
        }
    }

    /** A careless user strategy: hands back the first update's own arrays. */
    public static final class FirstUpdate implements AggregationStrategy {
        @Override
        public String name() {
            return "FirstUpdate";
        }

        @Override
        public boolean streaming() {
            return false;
        }

        @Override
        public Combiner combiner(ModelLayout layout, float[][] globalModel) {
            return new Combiner() {
                private float[][] first;

                @Override
                public void add(Update update) {
                    if (first == null) {
                        first = update.tensors();
                    }
                }

                @Override
                public float[][] finish() {
                    return first;
                }
            };
        }
    }
}
