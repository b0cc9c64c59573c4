package org.fl4j.collaborator.data.segmentation;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.images.RgbImages;

/**
 * 2D slices as image and mask pairs: {@code <dir>/images/<name>.png} and {@code <dir>/masks/<name>.png} (the
 * same file name), both single-channel (the first band of other images is used), all of one size. Image
 * values are the raw samples (0..255 for 8-bit, 0..65535 for 16-bit), normalised per image with
 * {@code normalization}; mask values are label numbers.
 */
public final class PngPairs {

    private PngPairs() {
    }

    public static SegmentationData read(Path dir, MaskLabels labels, Normalization normalization, String label)
            throws IOException {
        Path images = dir.resolve("images");
        Path masks = dir.resolve("masks");
        if (!Files.isDirectory(images) || !Files.isDirectory(masks)) {
            throw new DataException(dir + ": expected the folders images/ and masks/ (image and mask PNGs of the"
                    + " same names)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new DataException(images + ": no .png images");
        }
        List<SegmentationData> parts = new ArrayList<>();
        for (Path image : files) {
            Path mask = masks.resolve(image.getFileName().toString());
            if (!Files.isRegularFile(mask)) {
                throw new DataException(image + ": no mask " + mask);
            }
            parts.add(pair(image, mask, labels, normalization, label));
            if (parts.get(parts.size() - 1).height() != parts.get(0).height()
                    || parts.get(parts.size() - 1).width() != parts.get(0).width()) {
                throw new DataException(image + ": " + parts.get(parts.size() - 1).width() + "x"
                        + parts.get(parts.size() - 1).height() + " differs from " + files.get(0) + "'s "
                        + parts.get(0).width() + "x" + parts.get(0).height() + ": all images must have one size");
            }
        }
        return SegmentationData.concat(dir.toString(), parts);
    }

    static SegmentationData pair(Path imageFile, Path maskFile, MaskLabels labels, Normalization normalization,
            String label) throws DataException {
        BufferedImage image = RgbImages.decode(imageFile);
        BufferedImage mask = RgbImages.decode(maskFile);
        int w = image.getWidth();
        int h = image.getHeight();
        if (mask.getWidth() != w || mask.getHeight() != h) {
            throw new DataException(maskFile + ": mask is " + mask.getWidth() + "x" + mask.getHeight() + " but its image "
                    + imageFile + " is " + w + "x" + h);
        }
        Raster ir = image.getRaster();
        Raster mr = mask.getRaster();
        float[] pixels = new float[w * h];
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = ir.getSample(x, y, 0);
                m[y * w + x] = labels.map(mr.getSample(x, y, 0), maskFile.toString(), (long) y * w + x);
            }
        }
        normalization.apply(pixels, 0, pixels.length);
        return new SegmentationData(imageFile.toString(), 1, h, w, pixels, m, label);
    }
}
