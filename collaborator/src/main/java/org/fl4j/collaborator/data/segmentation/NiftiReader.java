package org.fl4j.collaborator.data.segmentation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.fl4j.collaborator.data.DataException;

/**
 * Reads single-file NIfTI-1 volumes ({@code .nii}, or gzip-compressed {@code .nii.gz}; magic {@code n+1}),
 * either byte order (told by {@code sizeof_hdr}, which must be 348). Data types: uint8, int8, int16, uint16,
 * int32, float32, float64. {@code scl_slope} (when non-zero) and {@code scl_inter} are applied. Volumes of up
 * to three dimensions (a fourth of size 1 is allowed). Every inconsistency is an error naming the file: an
 * unknown or unsupported data type, a {@code bitpix} that disagrees with it, a {@code vox_offset} inside the
 * header, a body shorter than the header announces.
 */
public final class NiftiReader {

    static final int HEADER_SIZE = 348;
    private static final long MAX_VOXELS = 1L << 28;

    private NiftiReader() {
    }

    public static NiftiVolume read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such NIfTI file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in, file.toString());
        } catch (java.util.zip.ZipException e) {
            throw new DataException(file + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new DataException(file + ": truncated gzip stream", e);
        }
    }

    static NiftiVolume read(InputStream in, String name) throws IOException {
        byte[] headerBytes = in.readNBytes(HEADER_SIZE);
        if (headerBytes.length < HEADER_SIZE) {
            throw new DataException(name + ": " + headerBytes.length + " bytes are too few for a NIfTI-1 header ("
                    + HEADER_SIZE + ")");
        }
        ByteBuffer h = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != HEADER_SIZE) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != HEADER_SIZE) {
                throw new DataException(name + ": not a NIfTI-1 file: sizeof_hdr is "
                        + h.order(ByteOrder.LITTLE_ENDIAN).getInt(0) + ", expected 348");
            }
        }
        String magic = new String(headerBytes, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            throw new DataException(name + ": magic '" + magic.replaceAll("[^ -~]", "?") + "' is not 'n+1': only"
                    + " single-file NIfTI-1 (.nii, .nii.gz) is read" + (magic.equals("ni1") ? " (this is a .hdr/.img"
                    + " pair)" : ""));
        }
        int[] dims = dims(h, name);
        int datatype = h.getShort(70);
        int bitpix = h.getShort(72);
        NiftiType type = NiftiType.of(datatype, name);
        if (bitpix != type.bytes() * 8) {
            throw new DataException(name + ": bitpix " + bitpix + " disagrees with datatype " + datatype + " ("
                    + type.name().toLowerCase(java.util.Locale.ROOT) + ", " + type.bytes() * 8 + " bits)");
        }
        float voxOffset = h.getFloat(108);
        if (!(voxOffset >= 352) || voxOffset != Math.floor(voxOffset) || voxOffset > 1 << 24) {
            throw new DataException(name + ": vox_offset " + voxOffset + " is not a whole number >= 352");
        }
        float slope = h.getFloat(112);
        float inter = h.getFloat(116);
        if (!Float.isFinite(slope) || slope == 0) {
            slope = 1;
            inter = 0;
        } else if (!Float.isFinite(inter)) {
            inter = 0;
        }
        long skip = (long) voxOffset - HEADER_SIZE;
        if (in.readNBytes((int) skip).length < skip) {
            throw new DataException(name + ": truncated: vox_offset " + (long) voxOffset + " is past the end of the"
                    + " file");
        }
        long voxels = (long) dims[0] * dims[1] * dims[2];
        long expected = voxels * type.bytes();
        byte[] body = in.readNBytes((int) expected);
        if (body.length < expected) {
            throw new DataException(name + ": truncated: the header announces " + dims[0] + "x" + dims[1] + "x"
                    + dims[2] + " " + type.name().toLowerCase(java.util.Locale.ROOT) + " voxels (" + expected
                    + " bytes after vox_offset " + (long) voxOffset + "), found " + body.length);
        }
        float[] values = type.decode(ByteBuffer.wrap(body).order(h.order()), (int) voxels);
        if (slope != 1 || inter != 0) {
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i] * slope + inter;
            }
        }
        return new NiftiVolume(name, dims, values, datatype);
    }

    private static int[] dims(ByteBuffer h, String name) throws DataException {
        int rank = h.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new DataException(name + ": dim[0] is " + rank + ", expected 1..7 dimensions");
        }
        int[] dims = {1, 1, 1};
        long voxels = 1;
        for (int i = 1; i <= rank; i++) {
            int d = h.getShort(40 + 2 * i);
            if (d < 1) {
                throw new DataException(name + ": dim[" + i + "] is " + d + ", expected >= 1");
            }
            if (i > 3 && d != 1) {
                throw new DataException(name + ": a " + rank + "-dimensional volume (dim[" + i + "] = " + d
                        + "): only 3D volumes are read");
            }
            if (i <= 3) {
                dims[i - 1] = d;
            }
            voxels *= d;
        }
        if (voxels > MAX_VOXELS) {
            throw new DataException(name + ": " + voxels + " voxels are more than this reader takes (" + MAX_VOXELS
                    + ")");
        }
        return dims;
    }
}
