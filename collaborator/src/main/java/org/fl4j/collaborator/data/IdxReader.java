package org.fl4j.collaborator.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, gzip-compressed or raw (recognised by content, not by
 * name): a big-endian header {@code 0, 0, type, dims}, one 32-bit size per dimension, then the values. Only
 * unsigned bytes (type {@code 0x08}) are read: images as floats scaled to 0..1, labels as class indices.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images (3 dimensions: count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension: count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads matching image and label files into labeled samples of shape {@code [rows, cols]}. */
    public static LabeledData read(Path images, Path labels) throws IOException {
        try (InputStream i = open(images); InputStream l = open(labels)) {
            return read(i, images.toString(), l, labels.toString());
        }
    }

    /** As {@link #read(Path, Path)}, from streams; the names are used in messages. */
    public static LabeledData read(InputStream images, String imagesName, InputStream labels, String labelsName)
            throws IOException {
        Idx img = readIdx(images, imagesName, IMAGES_MAGIC, "images");
        Idx lab = readIdx(labels, labelsName, LABELS_MAGIC, "labels");
        if (img.dims[0] != lab.dims[0]) {
            throw new DataException(labelsName + ": holds " + lab.dims[0] + " labels but " + imagesName
                    + " holds " + img.dims[0] + " images");
        }
        float[] features = new float[img.data.length];
        for (int i = 0; i < features.length; i++) {
            features[i] = (img.data[i] & 0xFF) / 255f;
        }
        int[] classes = new int[lab.data.length];
        int max = 0;
        for (int i = 0; i < classes.length; i++) {
            classes[i] = lab.data[i] & 0xFF;
            max = Math.max(max, classes[i]);
        }
        int[] shape = Arrays.copyOfRange(img.dims, 1, img.dims.length);
        return new LabeledData(imagesName, shape, features, classes, max + 1);
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    private record Idx(int[] dims, byte[] data) {
    }

    private static Idx readIdx(InputStream raw, String name, int expectedMagic, String what) throws IOException {
        DataInputStream in = new DataInputStream(decompressed(raw, name));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataException(name + ": truncated IDX file: shorter than its 4-byte magic number");
        }
        if (magic != expectedMagic) {
            throw new DataException(String.format("%s: wrong magic number 0x%08X: expected 0x%08X (IDX %s)", name,
                    magic, expectedMagic, what));
        }
        int[] dims = new int[magic & 0xFF];
        long size = 1;
        for (int d = 0; d < dims.length; d++) {
            try {
                dims[d] = in.readInt();
            } catch (EOFException e) {
                throw new DataException(name + ": truncated IDX file: header ends inside dimension " + d);
            }
            if (dims[d] < 0) {
                throw new DataException(name + ": negative dimension " + dims[d] + " in the IDX header");
            }
            size *= dims[d];
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new DataException(name + ": IDX header announces " + size + " values, more than fits in memory");
        }
        byte[] data;
        try {
            data = in.readNBytes((int) size);
        } catch (EOFException e) {
            throw new DataException(name + ": truncated IDX file: compressed data ends early (" + e.getMessage()
                    + ")", e);
        } catch (java.util.zip.ZipException e) {
            throw new DataException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        if (data.length < size) {
            throw new DataException(name + ": truncated IDX file: header announces " + dims[0] + " " + what
                    + " (" + size + " bytes of data), found " + data.length + " bytes");
        }
        return new Idx(dims, data);
    }

    private static InputStream decompressed(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                throw new DataException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }
}
