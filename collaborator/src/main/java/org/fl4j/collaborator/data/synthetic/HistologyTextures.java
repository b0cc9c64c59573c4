package org.fl4j.collaborator.data.synthetic;

import java.util.SplittableRandom;

/**
 * Stain concentration maps ({@code [0]} haematoxylin, {@code [1]} eosin; row-major {@code size x size}) with
 * a texture per synthetic tissue class: dense large nuclei (tumour), eosin fibres (stroma), both (complex),
 * crowded small nuclei (lymphocytes), fragments (debris), glands with a ring of nuclei round a lumen (mucosa),
 * fat cells' thin walls (adipose), background (empty).
 */
final class HistologyTextures {

    private HistologyTextures() {
    }

    static double[][] render(int cls, int size, SplittableRandom rng) {
        double[] h = new double[size * size];
        double[] e = new double[size * size];
        double area = size * size / 1024.0;
        switch (cls) {
            case 0 -> {
                fill(e, 0.45);
                blobs(h, (int) (18 * area), 2.0, 3.2, 1.1, size, rng);
            }
            case 1 -> {
                fibres(e, 0.7, size, rng);
                blobs(h, (int) (3 * area), 0.8, 1.2, 0.8, size, rng);
            }
            case 2 -> {
                fibres(e, 0.55, size, rng);
                blobs(h, (int) (10 * area), 1.2, 2.5, 0.9, size, rng);
            }
            case 3 -> {
                fill(e, 0.2);
                blobs(h, (int) (60 * area), 0.8, 1.4, 1.5, size, rng);
            }
            case 4 -> {
                for (int i = 0; i < h.length; i++) {
                    h[i] = rng.nextDouble() < 0.15 ? 0.4 + rng.nextDouble() : 0;
                    e[i] = 0.2 + 0.5 * rng.nextDouble();
                }
            }
            case 5 -> {
                fill(e, 0.4);
                glands(h, e, size, rng);
            }
            case 6 -> fatWalls(e, size, rng);
            default -> {
                for (int i = 0; i < e.length; i++) {
                    e[i] = 0.04 * rng.nextDouble();
                }
            }
        }
        return new double[][] {h, e};
    }

    private static void fill(double[] a, double v) {
        java.util.Arrays.fill(a, v);
    }

    private static void blobs(double[] a, int count, double rMin, double rMax, double value, int size,
            SplittableRandom rng) {
        for (int b = 0; b < Math.max(1, count); b++) {
            double cx = rng.nextDouble() * size;
            double cy = rng.nextDouble() * size;
            double r = rMin + (rMax - rMin) * rng.nextDouble();
            for (int y = (int) Math.max(0, cy - r - 1); y < Math.min(size, cy + r + 1); y++) {
                for (int x = (int) Math.max(0, cx - r - 1); x < Math.min(size, cx + r + 1); x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    if (d <= r) {
                        a[y * size + x] = Math.max(a[y * size + x], value * (1 - 0.3 * d / r));
                    }
                }
            }
        }
    }

    private static void fibres(double[] e, double strength, int size, SplittableRandom rng) {
        double angle = rng.nextDouble() * Math.PI;
        double freq = 0.6 + 0.4 * rng.nextDouble();
        double phase = rng.nextDouble() * 2 * Math.PI;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = x * Math.cos(angle) + y * Math.sin(angle);
                e[y * size + x] = strength * (0.6 + 0.4 * Math.sin(freq * t + phase));
            }
        }
    }

    private static void glands(double[] h, double[] e, int size, SplittableRandom rng) {
        int count = 1 + rng.nextInt(2);
        for (int g = 0; g < count; g++) {
            double cx = size * (0.25 + 0.5 * rng.nextDouble());
            double cy = size * (0.25 + 0.5 * rng.nextDouble());
            double r = size * (0.18 + 0.12 * rng.nextDouble());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    int i = y * size + x;
                    if (d < r - 1.5) {
                        e[i] = 0.05;
                        h[i] = 0;
                    } else if (d <= r + 1.5) {
                        h[i] = 1.0;
                    }
                }
            }
        }
    }

    private static void fatWalls(double[] e, int size, SplittableRandom rng) {
        int cells = Math.max(3, size * size / 150);
        double[][] centres = new double[cells][2];
        for (double[] c : centres) {
            c[0] = rng.nextDouble() * size;
            c[1] = rng.nextDouble() * size;
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double d1 = Double.MAX_VALUE;
                double d2 = Double.MAX_VALUE;
                for (double[] c : centres) {
                    double d = Math.hypot(x - c[0], y - c[1]);
                    if (d < d1) {
                        d2 = d1;
                        d1 = d;
                    } else if (d < d2) {
                        d2 = d;
                    }
                }
                e[y * size + x] = d2 - d1 < 1.2 ? 0.8 : 0.03;
            }
        }
    }
}
