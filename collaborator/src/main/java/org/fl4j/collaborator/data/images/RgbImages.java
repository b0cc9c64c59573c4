package org.fl4j.collaborator.data.images;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fl4j.collaborator.data.DataException;

/** Decoding one image into channels-first RGB floats, and writing such floats as a PNG. */
public final class RgbImages {

    private RgbImages() {
    }

    /** The image as {@code [3, size, size]} values 0..1, scaled (bilinear) when it has another size. */
    public static float[] read(Path file, int size) throws DataException {
        BufferedImage image = decode(file);
        if (image.getWidth() != size || image.getHeight() != size) {
            image = scaled(image, size);
        }
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int i = y * size + x;
                out[i] = ((rgb >> 16) & 0xff) / 255f;
                out[plane + i] = ((rgb >> 8) & 0xff) / 255f;
                out[2 * plane + i] = (rgb & 0xff) / 255f;
            }
        }
        return out;
    }

    /** Decodes a file with ImageIO; an unreadable or unknown image is an error naming the file. */
    public static BufferedImage decode(Path file) throws DataException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DataException(file + ": not an image this JVM can decode (PNG, JPEG, TIFF, BMP, GIF)");
        }
        return image;
    }

    /** Writes {@code [3, h, w]} values 0..1 as an RGB PNG. */
    public static void writePng(float[] chw, int height, int width, Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                image.setRGB(x, y, byteOf(chw[i]) << 16 | byteOf(chw[plane + i]) << 8 | byteOf(chw[2 * plane + i]));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    private static BufferedImage scaled(BufferedImage image, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
