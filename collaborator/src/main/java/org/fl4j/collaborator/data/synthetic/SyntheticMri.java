package org.fl4j.collaborator.data.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fl4j.collaborator.data.segmentation.NiftiVolume;
import org.fl4j.collaborator.data.segmentation.NiftiWriter;

/**
 * SYNTHETIC MRI-like subjects for segmentation: a volume of {@code size x size x depth} voxels holding a head
 * (an ellipsoid of smoothly varying tissue intensity with darker ventricles) and, in most subjects, a tumour-
 * like blob (a union of a few ellipsoids, brighter than tissue, with a brighter rim of oedema) whose voxels are
 * the mask's 1s. Each site has its own scanner: intensity gain and offset, a contrast (gamma) curve, a bias
 * field across the image and a noise level, so institutions differ as BraTS sites do. Subjects are named
 * {@code SYN<site>_<nnn>}.
 */
public final class SyntheticMri {

    /** One generated subject: its FLAIR-like image and its mask, both {@code [size, size, depth]}. */
    public record Subject(String id, NiftiVolume image, NiftiVolume mask) {
    }

    private SyntheticMri() {
    }

    public static List<Subject> generate(int site, int subjects, int size, int depth, long seed) {
        SplittableRandom scanner = new SplittableRandom(seed * 6151 + site);
        Scanner sc = new Scanner(0.7 + 0.6 * scanner.nextDouble(), 0.15 * scanner.nextDouble(),
                0.7 + 0.6 * scanner.nextDouble(), 0.3 * (scanner.nextDouble() - 0.5), 0.02 + 0.05 * scanner.nextDouble());
        List<Subject> out = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + site * 10_007L + s);
            out.add(subject(String.format("SYN%d_%03d", site, s + 1), size, depth, sc, rng));
        }
        return out;
    }

    /** Writes each subject as {@code dir/<id>/<id>_flair.nii.gz} and {@code <id>_seg.nii.gz}. */
    public static void write(List<Subject> subjects, Path dir) throws IOException {
        for (Subject s : subjects) {
            Path d = Files.createDirectories(dir.resolve(s.id()));
            NiftiWriter.writeFloat32(d.resolve(s.id() + "_flair.nii.gz"), s.image().dims(), s.image().values());
            float[] m = s.mask().values();
            byte[] bytes = new byte[m.length];
            for (int i = 0; i < m.length; i++) {
                bytes[i] = (byte) Math.round(m[i]);
            }
            NiftiWriter.writeUint8(d.resolve(s.id() + "_seg.nii.gz"), s.mask().dims(), bytes);
        }
    }

    private record Scanner(double gain, double offset, double gamma, double bias, double noise) {
    }

    private static Subject subject(String id, int size, int depth, Scanner sc, SplittableRandom rng) {
        float[] image = new float[size * size * depth];
        float[] mask = new float[image.length];
        double headRx = size * (0.36 + 0.06 * rng.nextDouble());
        double headRy = size * (0.42 + 0.05 * rng.nextDouble());
        double headRz = depth * 0.62;
        double[][] blobs = rng.nextDouble() < 0.85 ? blobs(size, depth, rng) : new double[0][];
        double fx = 0.15 + 0.1 * rng.nextDouble();
        double fy = 0.15 + 0.1 * rng.nextDouble();
        double phase = rng.nextDouble() * 6.28;
        double c = (size - 1) / 2.0;
        double cz = (depth - 1) / 2.0;
        for (int z = 0; z < depth; z++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double hx = (x - c) / headRx;
                    double hy = (y - c) / headRy;
                    double hz = (z - cz) / headRz;
                    double r = hx * hx + hy * hy + hz * hz;
                    if (r > 1) {
                        continue;
                    }
                    double tissue = 0.45 + 0.08 * Math.sin(fx * x + phase) * Math.cos(fy * y);
                    if (r > 0.85) {
                        tissue = 0.25;
                    }
                    double vx = (x - c) / (size * 0.07);
                    double vy = (y - c) / (size * 0.16);
                    if (vx * vx + vy * vy < 1 && Math.abs(hz) < 0.5) {
                        tissue = 0.15;
                    }
                    double t = tumour(x, y, z, blobs);
                    int i = (z * size + y) * size + x;
                    if (t <= 1) {
                        tissue = 0.85 + 0.1 * rng.nextDouble();
                        mask[i] = 1;
                    } else if (t <= 1.6) {
                        tissue = Math.max(tissue, 0.65);
                    }
                    image[i] = (float) scan(tissue, x / (double) size, sc, rng);
                }
            }
        }
        int[] dims = {size, size, depth};
        return new Subject(id, new NiftiVolume(id + " (synthetic image)", dims, image, 16),
                new NiftiVolume(id + " (synthetic mask)", dims, mask, 2));
    }

    private static double[][] blobs(int size, int depth, SplittableRandom rng) {
        int n = 1 + rng.nextInt(3);
        double[][] b = new double[n][];
        double cx = size * (0.35 + 0.3 * rng.nextDouble());
        double cy = size * (0.35 + 0.3 * rng.nextDouble());
        double cz = depth * (0.3 + 0.4 * rng.nextDouble());
        for (int i = 0; i < n; i++) {
            double r = size * (0.06 + 0.08 * rng.nextDouble());
            b[i] = new double[] {cx + size * 0.08 * (rng.nextDouble() - 0.5), cy + size * 0.08 * (rng.nextDouble() - 0.5),
                cz + depth * 0.1 * (rng.nextDouble() - 0.5), r, r * (0.7 + 0.6 * rng.nextDouble()),
                Math.max(1, depth * (0.15 + 0.15 * rng.nextDouble()))};
        }
        return b;
    }

    /** The smallest normalised ellipsoid distance of a voxel to the blobs (<= 1 inside). */
    private static double tumour(int x, int y, int z, double[][] blobs) {
        double best = Double.MAX_VALUE;
        for (double[] b : blobs) {
            double dx = (x - b[0]) / b[3];
            double dy = (y - b[1]) / b[4];
            double dz = (z - b[2]) / b[5];
            best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return best;
    }

    private static double scan(double tissue, double across, Scanner sc, SplittableRandom rng) {
        double v = Math.pow(tissue, sc.gamma()) * (1 + sc.bias() * (across - 0.5)) * sc.gain() + sc.offset();
        return Math.max(0.001, v + sc.noise() * (rng.nextDouble() - 0.5) * 2) * 1000;
    }
}
