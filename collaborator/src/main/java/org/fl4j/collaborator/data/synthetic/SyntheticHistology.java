package org.fl4j.collaborator.data.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.images.RgbImages;

/**
 * A SYNTHETIC stand-in for colorectal histology tiles (the classes of Kather et al. 2016): each tile is
 * rendered from two stain concentration maps, haematoxylin (nuclei, purple) and eosin (stroma, pink), drawn
 * with a texture typical of its class, and coloured with the Beer-Lambert law. Each site has its own stain
 * vectors and intensities (as labs' staining protocols and scanners differ), so sites' data are not
 * identically distributed. Images are {@code [3, size, size]}, values 0..1.
 */
public final class SyntheticHistology {

    /** The class folders, named as in Kather et al. 2016. */
    public static final List<String> CLASSES = List.of("01_TUMOR", "02_STROMA", "03_COMPLEX", "04_LYMPHO",
            "05_DEBRIS", "06_MUCOSA", "07_ADIPOSE", "08_EMPTY");

    private static final double[] HAEMATOXYLIN = {0.65, 0.70, 0.29};
    private static final double[] EOSIN = {0.07, 0.99, 0.11};

    private SyntheticHistology() {
    }

    /** Site {@code site}'s tiles: {@code perClass} of each class, classes interleaved. */
    public static LabeledData generate(int site, int perClass, int size, long seed) {
        SplittableRandom siteRng = new SplittableRandom(seed * 7919 + site);
        double[] h = stain(HAEMATOXYLIN, siteRng);
        double[] e = stain(EOSIN, siteRng);
        double hScale = 0.8 + 0.4 * siteRng.nextDouble();
        double eScale = 0.8 + 0.4 * siteRng.nextDouble();
        int classes = CLASSES.size();
        int n = 3 * size * size;
        float[] features = new float[perClass * classes * n];
        int[] labels = new int[perClass * classes];
        SplittableRandom rng = new SplittableRandom(seed * 104_729 + site * 31L + 1);
        for (int i = 0; i < labels.length; i++) {
            int c = i % classes;
            labels[i] = c;
            double[][] conc = HistologyTextures.render(c, size, rng);
            colour(conc, h, e, hScale, eScale, rng, features, i * n, size);
        }
        return new LabeledData("synthetic histology, site " + site, new int[] {3, size, size}, features, labels,
                classes);
    }

    /** Writes tiles as {@code dir/<class>/<index>.png} (the layout {@code format: image_folder} reads). */
    public static void write(LabeledData tiles, Path dir) throws IOException {
        int[] shape = tiles.sampleShape();
        int n = tiles.sampleSize();
        for (int i = 0; i < tiles.size(); i++) {
            Path classDir = dir.resolve(CLASSES.get(tiles.labels()[i]));
            Files.createDirectories(classDir);
            float[] one = java.util.Arrays.copyOfRange(tiles.features(), i * n, (i + 1) * n);
            RgbImages.writePng(one, shape[1], shape[2], classDir.resolve(String.format("tile_%05d.png", i)));
        }
    }

    private static double[] stain(double[] base, SplittableRandom rng) {
        double[] v = new double[3];
        double norm = 0;
        for (int k = 0; k < 3; k++) {
            v[k] = Math.max(0.01, base[k] + 0.12 * (rng.nextDouble() - 0.5));
            norm += v[k] * v[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < 3; k++) {
            v[k] /= norm;
        }
        return v;
    }

    private static void colour(double[][] conc, double[] h, double[] e, double hScale, double eScale,
            SplittableRandom rng, float[] out, int offset, int size) {
        int plane = size * size;
        double jitter = 0.9 + 0.2 * rng.nextDouble();
        for (int i = 0; i < plane; i++) {
            double ch = conc[0][i] * hScale * jitter;
            double ce = conc[1][i] * eScale * jitter;
            for (int k = 0; k < 3; k++) {
                double v = Math.exp(-(ch * h[k] + ce * e[k])) + 0.02 * (rng.nextDouble() - 0.5);
                out[offset + k * plane + i] = (float) Math.max(0, Math.min(1, v));
            }
        }
    }
}
