package org.fl4j.collaborator.data.images;

import java.util.SplittableRandom;
import org.fl4j.collaborator.data.LabeledData;

/**
 * Training-side augmentation of square images ({@code [channels, n, n]}): each sample is replaced by one of
 * the eight symmetries of the square (identity, three 90-degree rotations, and each of those mirrored), drawn
 * from a seeded generator, so every epoch sees a different but reproducible variant. Labels do not change
 * (tissue classes do not depend on orientation). Validation data is never augmented.
 */
public final class Augmentation {

    private Augmentation() {
    }

    /** Every sample under a random flip and 90-degree rotation drawn from {@code seed}. */
    public static LabeledData flipsAndRotations(LabeledData data, long seed) {
        int[] shape = data.sampleShape();
        if (shape.length != 3 || shape[1] != shape[2]) {
            throw new IllegalArgumentException(data.source() + ": flips and rotations need square images of shape"
                    + " [channels, n, n], found " + java.util.Arrays.toString(shape));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int n = data.sampleSize();
        float[] in = data.features();
        float[] out = new float[in.length];
        for (int s = 0; s < data.size(); s++) {
            transform(in, out, s * n, shape[0], shape[1], rng.nextInt(8));
        }
        return new LabeledData(data.source(), shape, out, data.labels(), data.classCount());
    }

    /**
     * Writes symmetry {@code op} (bit 2: mirror left-right first; bits 0-1: quarter turns clockwise) of the
     * sample at {@code offset} into {@code out}.
     */
    static void transform(float[] in, float[] out, int offset, int channels, int size, int op) {
        boolean mirror = (op & 4) != 0;
        int turns = op & 3;
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sx = mirror ? size - 1 - x : x;
                    int sy = y;
                    for (int t = 0; t < turns; t++) {
                        int nx = sy;
                        sy = size - 1 - sx;
                        sx = nx;
                    }
                    out[base + y * size + x] = in[base + sy * size + sx];
                }
            }
        }
    }
}
