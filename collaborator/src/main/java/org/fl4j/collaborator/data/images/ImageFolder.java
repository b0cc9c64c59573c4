package org.fl4j.collaborator.data.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.LabeledData;

/**
 * Reads an image-classification folder: one sub-folder per class (sorted by name: the first is class 0),
 * each holding images ({@code .png}, {@code .jpg}, {@code .jpeg}, {@code .tif}, {@code .tiff}, {@code .bmp}).
 * Every image becomes an RGB sample of shape {@code [3, size, size]} with values 0..1, scaled to
 * {@code size x size} when it has another size. Files with other endings are skipped; a class folder without
 * images, a folder without class folders and an image that cannot be decoded are errors naming the path.
 */
public final class ImageFolder {

    static final List<String> IMAGE_ENDINGS = List.of(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp");

    private ImageFolder() {
    }

    /** The class names of a folder: its sub-folders, sorted. */
    public static List<String> classes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such folder (expected one sub-folder of images per class)");
        }
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
        if (classes.isEmpty()) {
            throw new DataException(dir + ": no class folders (expected " + dir + "/<class>/*.png|jpg|tif)");
        }
        return classes;
    }

    /** All images of all classes, scaled to {@code size x size}. */
    public static LabeledData read(Path dir, int size) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be >= 1, found " + size);
        }
        List<String> classes = classes(dir);
        List<float[]> samples = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files = images(dir.resolve(classes.get(c)));
            for (Path f : files) {
                samples.add(RgbImages.read(f, size));
                labels.add(c);
            }
        }
        int n = 3 * size * size;
        float[] features = new float[samples.size() * n];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i), 0, features, i * n, n);
        }
        return new LabeledData(dir.toString(), new int[] {3, size, size}, features,
                labels.stream().mapToInt(Integer::intValue).toArray(), classes.size());
    }

    private static List<Path> images(Path classDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(classDir)) {
            files = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new DataException(classDir + ": class folder without images (expected files ending in "
                    + String.join(", ", IMAGE_ENDINGS) + ")");
        }
        return files;
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_ENDINGS.stream().anyMatch(name::endsWith);
    }
}
