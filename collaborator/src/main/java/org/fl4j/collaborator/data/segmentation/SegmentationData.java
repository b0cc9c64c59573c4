package org.fl4j.collaborator.data.segmentation;

import java.util.Arrays;
import java.util.Objects;

/**
 * Images with binary masks: image {@code i} occupies {@code images[i * c*h*w ..]} laid out {@code [c, h, w]},
 * its mask {@code masks[i * h*w ..]} ({@code 1} foreground, {@code 0} background). {@code label} names the
 * foreground (for metric names such as {@code dice_tumour}). Arrays are owned by the record once built.
 */
public record SegmentationData(String source, int channels, int height, int width, float[] images, byte[] masks,
        String label) {

    public SegmentationData {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(source + ": bad image shape " + channels + "x" + height + "x" + width);
        }
        if (masks.length % (height * width) != 0 || images.length != masks.length / (height * width)
                * channels * height * width) {
            throw new IllegalArgumentException(source + ": " + images.length + " image values and " + masks.length
                    + " mask values do not make whole samples of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return masks.length / (height * width);
    }

    public int[] imageShape() {
        return new int[] {channels, height, width};
    }

    /** The samples at the given indices, in that order. */
    public SegmentationData subset(int[] indices, String subsetSource) {
        int n = channels * height * width;
        int m = height * width;
        float[] im = new float[indices.length * n];
        byte[] ma = new byte[indices.length * m];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images, indices[i] * n, im, i * n, n);
            System.arraycopy(masks, indices[i] * m, ma, i * m, m);
        }
        return new SegmentationData(subsetSource, channels, height, width, im, ma, label);
    }

    /** Several data sets of the same shape as one. */
    public static SegmentationData concat(String source, java.util.List<SegmentationData> parts) {
        SegmentationData first = parts.get(0);
        float[] im = new float[parts.stream().mapToInt(p -> p.images.length).sum()];
        byte[] ma = new byte[parts.stream().mapToInt(p -> p.masks.length).sum()];
        int fi = 0;
        int fm = 0;
        for (SegmentationData p : parts) {
            if (!Arrays.equals(p.imageShape(), first.imageShape())) {
                throw new IllegalArgumentException(p.source + ": images of shape " + Arrays.toString(p.imageShape())
                        + " differ from " + first.source + "'s " + Arrays.toString(first.imageShape()));
            }
            System.arraycopy(p.images, 0, im, fi, p.images.length);
            System.arraycopy(p.masks, 0, ma, fm, p.masks.length);
            fi += p.images.length;
            fm += p.masks.length;
        }
        return new SegmentationData(source, first.channels, first.height, first.width, im, ma, first.label);
    }

    @Override
    public String toString() {
        return source + " (" + size() + " images of " + channels + "x" + height + "x" + width + ", label " + label
                + ")";
    }
}
