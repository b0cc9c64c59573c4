package org.fl4j.collaborator.data.segmentation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes little-endian single-file NIfTI-1 volumes (float32 or uint8; gzip when the name ends in
 * {@code .gz}), with unit voxels and an identity orientation: enough for the synthetic sets and tests.
 */
public final class NiftiWriter {

    private NiftiWriter() {
    }

    public static void writeFloat32(Path file, int[] dims, float[] values) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            body.putFloat(v);
        }
        write(file, dims, 16, 32, body.array());
    }

    public static void writeUint8(Path file, int[] dims, byte[] values) throws IOException {
        write(file, dims, 2, 8, values);
    }

    private static void write(Path file, int[] dims, int datatype, int bitpix, byte[] body) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, NiftiReader.HEADER_SIZE);
        h.putShort(40, (short) 3);
        for (int i = 0; i < 3; i++) {
            h.putShort(42 + 2 * i, (short) dims[i]);
        }
        for (int i = 3; i < 7; i++) {
            h.putShort(42 + 2 * i, (short) 1);
        }
        h.putShort(70, (short) datatype);
        h.putShort(72, (short) bitpix);
        for (int i = 0; i < 4; i++) {
            h.putFloat(76 + 4 * i, 1f);
        }
        h.putFloat(108, 352f);
        h.putFloat(112, 1f);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
                OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
            out.write(h.array());
            out.write(body);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
