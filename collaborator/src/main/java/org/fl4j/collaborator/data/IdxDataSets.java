package org.fl4j.collaborator.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-style data sets: a folder holding the four IDX files under their usual names (gzip or raw), as
 * distributed for MNIST and Fashion-MNIST, and the 10,000 real MNIST digits embedded in fl4j (8,000 for
 * training, 2,000 for validation; provenance in {@code docs/datasets.md}).
 */
public final class IdxDataSets {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final String EMBEDDED = "mnist/";

    private IdxDataSets() {
    }

    /**
     * Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
     * and {@code t10k-labels-idx1-ubyte} (each optionally ending in {@code .gz}) from a folder.
     */
    public static LocalData readFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such folder (expected the MNIST IDX files in it)");
        }
        LabeledData train = IdxReader.read(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS));
        LabeledData valid = IdxReader.read(find(dir, TEST_IMAGES), find(dir, TEST_LABELS));
        return new LocalData(train, valid);
    }

    /** The embedded 10,000 MNIST digits: 8,000 training and 2,000 validation samples of 28x28. */
    public static LocalData embeddedMnist() throws IOException {
        return Embedded.get();
    }

    private static Path find(Path dir, String name) throws DataException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException(dir + ": missing " + name + " (or " + name + ".gz)");
    }

    /** Loads the embedded digits once per class loader; the arrays are shared and never changed. */
    private static final class Embedded {
        private static LocalData data;

        static synchronized LocalData get() throws IOException {
            if (data == null) {
                data = new LocalData(resource(TRAIN_IMAGES, TRAIN_LABELS), resource(TEST_IMAGES, TEST_LABELS));
            }
            return data;
        }

        private static LabeledData resource(String images, String labels) throws IOException {
            try (InputStream i = open(images); InputStream l = open(labels)) {
                LabeledData d = IdxReader.read(i, "embedded:" + images, l, "embedded:" + labels);
                return d.withClassCount(10);
            }
        }

        private static InputStream open(String name) throws IOException {
            InputStream in = IdxDataSets.class.getResourceAsStream(EMBEDDED + name + ".gz");
            if (in == null) {
                throw new DataException("embedded MNIST resource " + EMBEDDED + name + ".gz is missing from the"
                        + " fl4j-collaborator jar");
            }
            return in;
        }
    }
}
