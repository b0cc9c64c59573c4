package org.fl4j.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final int[] LENGTHS = {1, 13, 207, 4098};

    private static Pipeline pipeline(String... names) {
        return Pipeline.of(List.of(names).stream().map(n -> new Pipeline.StageSpec(n, Map.of())).toList());
    }

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.05);
        }
        return v;
    }

    private static float[] roundTrip(Pipeline p, float[] values) {
        int chunk = values.length;
        ByteBuffer encoded = p.encoder(chunk).encode(values, 0, chunk);
        assertThat(encoded.remaining()).isLessThanOrEqualTo(p.maxEncodedBytes(chunk));
        float[] out = new float[chunk + 2];
        out[0] = 42f;
        p.decoder(chunk).decode(encoded, chunk, out, 1);
        assertThat(out[0]).isEqualTo(42f);
        return java.util.Arrays.copyOfRange(out, 1, chunk + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp32", "lz4", "fp32+lz4"})
    void decode_losslessPipelines_exactValues(String name) {
        for (int n : LENGTHS) {
            float[] v = gaussian(n, n);
            assertThat(roundTrip(pipeline(name.split("\\+")), v)).containsExactly(v);
        }
    }

    @Test
    void decode_fp16AndBf16_withinHalfAStep() {
        for (int n : LENGTHS) {
            float[] v = gaussian(n, n);
            float[] half = roundTrip(pipeline("fp16", "lz4"), v);
            float[] bf = roundTrip(pipeline("bf16"), v);
            for (int i = 0; i < n; i++) {
                assertThat(half[i]).isCloseTo(v[i], org.assertj.core.data.Offset.offset(Math.abs(v[i]) * 0x1p-11f + 1e-7f));
                assertThat(bf[i]).isCloseTo(v[i], org.assertj.core.data.Offset.offset(Math.abs(v[i]) * 0x1p-8f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8_blockwise", "nf4"})
    void decode_blockwiseQuantisers_errorBoundedByTheBlockScale(String name) {
        Pipeline p = pipeline(name);
        int block = name.equals("nf4") ? Nf4.DEFAULT_BLOCK : Int8Blockwise.DEFAULT_BLOCK;
        for (int n : LENGTHS) {
            float[] v = gaussian(n, n);
            float[] out = roundTrip(p, v);
            for (int b = 0; b * block < n; b++) {
                float absmax = 0;
                for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                    absmax = Math.max(absmax, Math.abs(v[i]));
                }
                float step = name.equals("nf4") ? absmax * 0.3039f / 2 : absmax / 127 / 2;
                for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                    assertThat(Math.abs(out[i] - v[i])).as("%s value %d", name, i).isLessThanOrEqualTo(step * 1.0001f);
                }
            }
        }
        assertThat(p.maxEncodedBytes(4096)).isEqualTo(name.equals("nf4") ? 2048 + 4 * 64 : 4096 + 4 * 16);
    }

    @Test
    void decode_topK_keepsTheLargestMagnitudesZeroesTheRest() {
        Pipeline p = Pipeline.of(List.of(new Pipeline.StageSpec("topk", Map.of("per_million", 10_000L))));
        float[] v = gaussian(4098, 7);
        v[100] = -5f;
        v[4000] = 4f;
        float[] out = roundTrip(p, v);
        int kept = 0;
        float smallestKept = Float.MAX_VALUE;
        float largestDropped = 0;
        for (int i = 0; i < v.length; i++) {
            if (out[i] != 0) {
                kept++;
                assertThat(out[i]).isEqualTo(v[i]);
                smallestKept = Math.min(smallestKept, Math.abs(v[i]));
            } else {
                largestDropped = Math.max(largestDropped, Math.abs(v[i]));
            }
        }
        assertThat(kept).isEqualTo(41);
        assertThat(out[100]).isEqualTo(-5f);
        assertThat(smallestKept).isGreaterThanOrEqualTo(largestDropped);
    }

    @Test
    void decode_topKTies_takesTheLowestIndices() {
        Pipeline p = Pipeline.of(List.of(new Pipeline.StageSpec("topk", Map.of("per_million", 250_000L))));
        float[] out = roundTrip(p, new float[] {1, -1, 1, 1, 0.5f, 1, 1, 1});
        assertThat(out).containsExactly(1, -1, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void of_unknownCodec_namesIt() {
        assertThatThrownBy(() -> pipeline("int8_blockwise", "snappy")).isInstanceOf(CodecException.class)
                .hasMessageStartingWith("unknown codec 'snappy' (this build knows fp32, fp16, bf16, int8_blockwise");
    }

    @Test
    void of_floatStageAfterAnother_refused() {
        assertThatThrownBy(() -> pipeline("lz4", "fp16")).isInstanceOf(CodecException.class)
                .hasMessage("fp16 turns float values into bytes and must come first, found after lz4");
    }

    @Test
    void of_badParameter_namesStageAndValue() {
        assertThatThrownBy(() -> Pipeline.of(List.of(new Pipeline.StageSpec("int8_blockwise", Map.of("block", 3L)))))
                .hasMessage("int8_blockwise: block must be in [8, 65536], found 3");
        assertThatThrownBy(() -> Pipeline.of(List.of(new Pipeline.StageSpec("fp16", Map.of("bits", 3L)))))
                .hasMessage("fp16: unknown parameter 'bits' (it takes none)");
    }

    @Test
    void decode_int8BlockCountNotMatchingTheData_refused() {
        Pipeline small = Pipeline.of(List.of(new Pipeline.StageSpec("int8_blockwise", Map.of("block", 64L))));
        Pipeline large = Pipeline.of(List.of(new Pipeline.StageSpec("int8_blockwise", Map.of("block", 256L))));
        ByteBuffer encoded = small.encoder(1000).encode(gaussian(1000, 1), 0, 1000);
        assertThatThrownBy(() -> large.decoder(1000).decode(encoded, 1000, new float[1000], 0))
                .isInstanceOf(CodecException.class)
                .hasMessage("int8_blockwise: a chunk of 1000 values in 4 blocks of 256 takes 1016 bytes, found 1064");
    }

    @Test
    void decode_topKWithAnotherK_refused() {
        Pipeline sent = Pipeline.of(List.of(new Pipeline.StageSpec("topk", Map.of("per_million", 20_000L))));
        Pipeline declared = Pipeline.of(List.of(new Pipeline.StageSpec("topk", Map.of("per_million", 10_000L))));
        ByteBuffer encoded = sent.encoder(1000).encode(gaussian(1000, 1), 0, 1000);
        assertThatThrownBy(() -> declared.decoder(1000).decode(encoded, 1000, new float[1000], 0))
                .hasMessage("topk: the chunk keeps 20 values, its parameters (per_million 10000) keep k = 10 of 1000"
                        + " values");
    }

    @Test
    void decode_topKIndexBeyondTheChunk_refused() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 9).putFloat(1f).flip();
        Pipeline p = Pipeline.of(List.of(new Pipeline.StageSpec("topk", Map.of("per_million", 1L))));
        assertThatThrownBy(() -> p.decoder(8).decode(b, 8, new float[8], 0))
                .hasMessage("topk: index 9 is beyond the chunk's 8 values");
    }

    @Test
    void decode_lz4DeclaringMoreThanItsBound_refusedAsABomb() {
        Pipeline p = pipeline("int8_blockwise", "lz4");
        ByteBuffer bomb = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bomb.putInt(1 << 30).put(new byte[] {(byte) 0xf0, 0}).flip();
        assertThatThrownBy(() -> p.decoder(1000).decode(bomb, 1000, new float[1000], 0))
                .hasMessage("lz4: the chunk declares 1073741824 decompressed bytes, more than the 1016 its inner stage"
                        + " can produce (refused as a decompression bomb)");
    }

    @Test
    void decode_lz4ExpandingBeyondWhatItDeclares_refused() {
        Pipeline p = pipeline("fp32", "lz4");
        ByteBuffer encoded = p.encoder(1000).encode(new float[1000], 0, 1000);
        ByteBuffer lying = ByteBuffer.allocate(encoded.remaining()).put(encoded).flip();
        lying.order(ByteOrder.LITTLE_ENDIAN).putInt(0, 100);
        assertThatThrownBy(() -> p.decoder(1000).decode(lying, 1000, new float[1000], 0))
                .isInstanceOf(CodecException.class).hasMessageStartingWith("lz4: malformed block");
    }

    @Test
    void chunkValues_fitTheChunkBytes() {
        assertThat(pipeline("fp32").chunkValues(1 << 20)).isEqualTo(1 << 18);
        assertThat(pipeline("fp16", "lz4").chunkValues(1 << 20)).isLessThan(1 << 19);
        Pipeline topk = pipeline("topk", "lz4");
        assertThat(topk.maxEncodedBytes(topk.chunkValues(1 << 20))).isLessThanOrEqualTo(1 << 20);
        assertThat(topk.chunkValues(1 << 20)).isEqualTo(1 << 20);
    }
}
