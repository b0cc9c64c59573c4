package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundAggregationTest {

    private final ModelLayout layout = ModelLayout.of(TensorSpec.of("w", 2, 2), TensorSpec.of("b", 3));
    private final float[][] global = layout.newTensors();

    private RoundAggregation fedAvg() {
        return AggregationStrategies.create("WeightedAverage", Map.of()).begin(layout, global);
    }

    @Test
    void finish_twoUpdates_weightedBySampleCount() {
        RoundAggregation round = fedAvg();
        Updates.send(round, "a", 1, new float[][] {{1, 2, 3, 4}, {0, 0, 9}}, 3);
        Updates.send(round, "b", 3, new float[][] {{5, 6, 7, 8}, {4, 4, 1}}, 1);

        float[][] result = round.finish();

        assertThat(result[0]).containsExactly(4f, 5f, 6f, 7f);
        assertThat(result[1]).containsExactly(3f, 3f, 3f);
        assertThat(round.acceptedCount()).isEqualTo(2);
        assertThat(round.acceptedContributors()).containsExactly("a", "b");
        assertThat(round.totalSamples()).isEqualTo(4);
    }

    @Test
    void accept_byteBufferChunks_sameAsArrays() {
        RoundAggregation round = fedAvg();
        float[][] a = {{1.5f, -2, 3, 4}, {7, 8, 9}};
        UpdateSink sink = round.open("a", 2);
        sink.accept(1, 0, Updates.bytes(a[1], 0, 3));
        ByteBuffer first = Updates.bytes(a[0], 0, 1);
        sink.accept(0, 0, first);
        sink.accept(0, 1, Updates.bytes(a[0], 1, 3));
        sink.commit();

        assertThat(first.remaining()).isZero();
        assertThat(round.finish()).isDeepEqualTo(a);
    }

    @Test
    void finish_noUpdates_throwsNoUpdates() {
        RoundAggregation round = fedAvg();
        assertThatThrownBy(round::finish).isInstanceOf(NoUpdatesException.class)
                .hasMessageContaining("no accepted update").hasMessageContaining("previous global model is kept");
    }

    @Test
    void open_sameContributorTwice_refused() {
        RoundAggregation round = fedAvg();
        UpdateSink sink = round.open("a", 1);
        assertThatThrownBy(() -> round.open("a", 1)).isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("already being received");
        sink.abort();
        Updates.send(round, "a", 1, Updates.random(layout, 1));
        assertThatThrownBy(() -> round.open("a", 1)).isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("already accepted");
    }

    @Test
    void open_nonPositiveSampleCount_refused() {
        RoundAggregation round = fedAvg();
        assertThatThrownBy(() -> round.open("a", 0)).isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("sample count must be at least 1, found 0");
        assertThatThrownBy(() -> round.open("a", -5)).hasMessageContaining("found -5");
    }

    @Test
    void accept_nanInLaterChunk_refusedNamingTensorAndElement_roundUntouched() {
        float[][] good = Updates.random(layout, 7);
        RoundAggregation round = fedAvg();
        Updates.send(round, "good", 3, good);
        UpdateSink bad = round.open("bad", 100);
        bad.accept(0, 0, new float[] {1, 2, 3, 4}, 0, 4);
        bad.accept(1, 0, new float[] {1}, 0, 1);

        assertThatThrownBy(() -> bad.accept(1, 1, new float[] {2, Float.NaN}, 0, 2))
                .isInstanceOfSatisfying(UpdateRejectedException.class, e -> {
                    assertThat(e.contributor()).isEqualTo("bad");
                    assertThat(e.tensor()).isEqualTo("b");
                    assertThat(e.element()).isEqualTo(2);
                })
                .hasMessage("update from 'bad' refused: tensor 'b' element 2: value NaN is not finite");
        assertThatThrownBy(bad::commit).isInstanceOf(IllegalStateException.class);

        assertThat(round.acceptedCount()).isEqualTo(1);
        assertThat(round.finish()).isDeepEqualTo(good);
    }

    @Test
    void accept_infinity_refused() {
        UpdateSink sink = fedAvg().open("a", 1);
        assertThatThrownBy(() -> sink.accept(0, 0, Updates.bytes(new float[] {0, Float.NEGATIVE_INFINITY}, 0, 2)))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("tensor 'w' element 1: value -Infinity is not finite");
    }

    @Test
    void accept_unknownTensorIndex_refused() {
        UpdateSink sink = fedAvg().open("a", 1);
        assertThatThrownBy(() -> sink.accept(2, 0, new float[1], 0, 1))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("tensor index 2 does not exist, the model has 2 tensors");
    }

    @Test
    void accept_gapOrOverlap_refused() {
        RoundAggregation round = fedAvg();
        UpdateSink gap = round.open("a", 1);
        gap.accept(0, 0, new float[2], 0, 2);
        assertThatThrownBy(() -> gap.accept(0, 3, new float[1], 0, 1))
                .hasMessageContaining("tensor 'w' element 3: chunk starts at element 3 but 2 elements were received");
        UpdateSink overlap = round.open("a", 1);
        overlap.accept(0, 0, new float[2], 0, 2);
        assertThatThrownBy(() -> overlap.accept(0, 1, new float[1], 0, 1))
                .hasMessageContaining("chunk starts at element 1 but 2");
    }

    @Test
    void accept_chunkOverrunsTensor_refused() {
        UpdateSink sink = fedAvg().open("a", 1);
        assertThatThrownBy(() -> sink.accept(1, 0, new float[4], 0, 4))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("tensor 'b' element 0: chunk of 4 elements at offset 0 overruns the tensor's 3 elements (shape [3])");
    }

    @Test
    void accept_byteBufferNotMultipleOfFour_refused() {
        UpdateSink sink = fedAvg().open("a", 1);
        assertThatThrownBy(() -> sink.accept(0, 0, ByteBuffer.allocate(6)))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("chunk of 6 bytes is not a whole number of float32 values");
    }

    @Test
    void commit_incomplete_refusedNamingFirstMissingElement() {
        RoundAggregation round = fedAvg();
        UpdateSink sink = round.open("a", 1);
        sink.accept(0, 0, new float[4], 0, 4);
        sink.accept(1, 0, new float[2], 0, 2);
        assertThatThrownBy(sink::commit).isInstanceOf(UpdateRejectedException.class)
                .hasMessage("update from 'a' refused: tensor 'b' element 2: incomplete: 2 of 3 elements received");
        assertThat(round.acceptedCount()).isZero();
        assertThatThrownBy(round::finish).isInstanceOf(NoUpdatesException.class);
    }

    @Test
    void refusedUpdate_contributorMaySendAgain() {
        RoundAggregation round = fedAvg();
        UpdateSink sink = round.open("a", 1);
        assertThatThrownBy(() -> sink.accept(0, 0, new float[] {Float.NaN}, 0, 1));
        float[][] retry = Updates.random(layout, 3);
        Updates.send(round, "a", 1, retry);
        assertThat(round.finish()).isDeepEqualTo(retry);
    }

    @Test
    void finish_withOpenUpdate_refusesItsNextCall() {
        RoundAggregation round = fedAvg();
        Updates.send(round, "a", 1, Updates.random(layout, 1));
        UpdateSink late = round.open("late", 1);
        late.accept(0, 0, new float[4], 0, 4);
        round.finish();
        assertThatThrownBy(() -> late.accept(1, 0, new float[3], 0, 3)).isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("the round finished before the update was complete");
        assertThatThrownBy(() -> round.open("b", 1)).hasMessageContaining("already finished");
        assertThatThrownBy(round::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void begin_globalModelNotMatchingLayout_refused() {
        AggregationStrategy s = AggregationStrategies.create("WeightedAverage", Map.of());
        assertThatThrownBy(() -> s.begin(layout, new float[][] {new float[4], new float[2]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 1 ('b') has 2 elements, expected 3");
    }

    @Test
    void commit_sampleCountsOverflowingTotal_refusedRoundUntouched() {
        float[][] x = Updates.random(layout, 5);
        RoundAggregation round = fedAvg();
        Updates.send(round, "a", Long.MAX_VALUE - 10, x);
        assertThatThrownBy(() -> Updates.send(round, "b", 11, Updates.random(layout, 6)))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessageContaining("sample count 11 overflows the round's total of 9223372036854775797");
        assertThat(round.totalSamples()).isEqualTo(Long.MAX_VALUE - 10);
        assertThat(round.finish()).isDeepEqualTo(x);
    }

    @Test
    void nonFiniteAccept_nanAndInfinityReachTheMean() {
        RoundAggregation round = AggregationStrategies.create("WeightedAverage", Map.of("non_finite", "accept"))
                .begin(layout, global);
        Updates.send(round, "a", 1, new float[][] {{1, Float.NaN, 3, Float.POSITIVE_INFINITY}, {1, 1, 1}});
        Updates.send(round, "b", 1, new float[][] {{3, 2, 5, 1}, {3, 3, Float.NEGATIVE_INFINITY}});

        float[][] result = round.finish();

        assertThat(result[0][0]).isEqualTo(2f);
        assertThat(result[0][1]).isNaN();
        assertThat(result[0][2]).isEqualTo(4f);
        assertThat(result[0][3]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(result[1]).containsExactly(2f, 2f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void nonFiniteAccept_withClipNorm_stillAccepts() {
        AggregationStrategy s = AggregationStrategies.create("Median", Map.of("non_finite", "ACCEPT", "clip_norm", 1e9));
        assertThat(s.acceptsNonFinite()).isTrue();
        RoundAggregation round = s.begin(layout, global);
        UpdateSink sink = round.open("a", 1);
        sink.accept(1, 0, new float[] {Float.NaN, 0, 0}, 0, 3);
        assertThat(round.acceptedCount()).isZero();
    }

    @Test
    void nonFiniteReject_explicit_sameAsDefault() {
        AggregationStrategy s = AggregationStrategies.create("FedAvgM", Map.of("non_finite", "reject"));
        assertThat(s.acceptsNonFinite()).isFalse();
        UpdateSink sink = s.begin(layout, global).open("a", 1);
        assertThatThrownBy(() -> sink.accept(1, 0, new float[] {0, Float.NEGATIVE_INFINITY}, 0, 2))
                .isInstanceOf(UpdateRejectedException.class)
                .hasMessage("update from 'a' refused: tensor 'b' element 1: value -Infinity is not finite");
    }
}
