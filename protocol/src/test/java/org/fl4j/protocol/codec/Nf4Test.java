package org.fl4j.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Nf4Test {

    /** The nearest level by a binary search over the midpoints, ties to the lower level. */
    private static int searched(float x) {
        int lo = 0;
        int hi = 15;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x > (Nf4.LEVELS[mid] + Nf4.LEVELS[mid + 1]) / 2) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void level_randomValuesMidpointsAndNan_equalTheSearch() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            float x = random.nextFloat() * 2.2f - 1.1f;
            assertThat(Nf4.level(x)).as("%s", x).isEqualTo(searched(x));
        }
        for (int i = 0; i < 15; i++) {
            float mid = (Nf4.LEVELS[i] + Nf4.LEVELS[i + 1]) / 2;
            for (float x : new float[] {mid, Math.nextUp(mid), Math.nextDown(mid)}) {
                assertThat(Nf4.level(x)).as("%s", x).isEqualTo(searched(x));
            }
        }
        assertThat(Nf4.level(Float.NaN)).isZero();
    }

    @Test
    void encode_oddBlocksAndOddLength_packTwoCodesABytePerChunk() {
        Random random = new Random(13);
        for (int block : new int[] {9, 64}) {
            int n = 1001;
            float[] in = new float[n];
            for (int i = 0; i < n; i++) {
                in[i] = (float) random.nextGaussian();
            }
            Nf4 stage = Nf4.create(new Params("nf4", Map.of("block", (long) block)));
            ByteBuffer out = ByteBuffer.allocate(stage.maxEncodedBytes(n));
            stage.encode(in, 0, n, out);
            out.flip();
            ByteBuffer o = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int blocks = (n + block - 1) / block;
            for (int i = 0; i < n; i++) {
                float scale = o.getFloat(4 * (i / block));
                int packed = o.get(4 * blocks + i / 2);
                int code = (i & 1) == 0 ? packed & 0x0f : (packed >> 4) & 0x0f;
                assertThat(code).as("block %d, value %d", block, i).isEqualTo(searched(in[i] * (1f / scale)));
            }
            float[] back = new float[n];
            stage.decode(out, n, back, 0);
            for (int i = 0; i < n; i++) {
                assertThat(back[i]).isEqualTo(Nf4.LEVELS[searched(in[i] * (1f / o.getFloat(4 * (i / block))))]
                        * o.getFloat(4 * (i / block)));
            }
        }
    }
}
