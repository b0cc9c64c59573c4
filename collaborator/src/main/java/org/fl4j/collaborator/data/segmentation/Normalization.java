package org.fl4j.collaborator.data.segmentation;

import java.util.Arrays;
import java.util.Locale;

/**
 * Intensity normalisation of MRI-like images (the plan's {@code data_loader.settings.normalization}):
 * {@code zscore} over the non-zero voxels (the brain; background stays 0, as is usual for skull-stripped
 * BraTS volumes), {@code minmax} to 0..1, or {@code none}. Scanner intensities have no absolute unit, so
 * some normalisation is needed for sites' models to agree.
 */
public enum Normalization {
    ZSCORE, MINMAX, NONE;

    public static Normalization fromPlanName(String name) {
        for (Normalization n : values()) {
            if (n.name().toLowerCase(Locale.ROOT).equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + name + "': choose from "
                + String.join(", ", Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** Normalises {@code a[from, to)} in place. */
    public void apply(float[] a, int from, int to) {
        switch (this) {
            case ZSCORE -> {
                double sum = 0;
                double sq = 0;
                long n = 0;
                for (int i = from; i < to; i++) {
                    if (a[i] != 0) {
                        sum += a[i];
                        sq += (double) a[i] * a[i];
                        n++;
                    }
                }
                if (n == 0) {
                    return;
                }
                double mean = sum / n;
                double std = Math.sqrt(Math.max(0, sq / n - mean * mean));
                double scale = std < 1e-12 ? 1 : 1 / std;
                for (int i = from; i < to; i++) {
                    if (a[i] != 0) {
                        a[i] = (float) ((a[i] - mean) * scale);
                    }
                }
            }
            case MINMAX -> {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    min = Math.min(min, a[i]);
                    max = Math.max(max, a[i]);
                }
                float range = max - min;
                for (int i = from; i < to; i++) {
                    a[i] = range > 0 ? (a[i] - min) / range : 0;
                }
            }
            case NONE -> {
            }
        }
    }
}
