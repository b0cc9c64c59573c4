package org.fl4j.dl4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a file is a complete HDF5 file before the native HDF5 library opens it, so that a file of
 * another format and a truncated copy get different, specific messages (the library reports both as
 * "H5Fopen failed"). It reads the HDF5 signature (at byte 0, or 512, 1024 ... after a user block) and the
 * end-of-file address the superblock declares (superblock versions 0 to 3).
 */
final class Hdf5Files {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5Files() {
    }

    /** Throws a {@link ModelException} naming the file unless it is an HDF5 file as long as it declares. */
    static void check(Path file) throws IOException {
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file)) {
            long at = signatureOffset(channel, size);
            if (at < 0) {
                throw new ModelException(file + ": not an HDF5 file (it does not start with the HDF5 signature;"
                        + " Keras writes .h5 files with model.save(\"model.h5\"))");
            }
            ByteBuffer sb = read(channel, at, (int) Math.min(64, size - at));
            long declared = declaredEnd(sb);
            if (declared < 0) {
                throw new ModelException(file + ": a truncated HDF5 file (its " + size + " bytes end inside the"
                        + " HDF5 superblock)");
            }
            if (declared > size) {
                throw new ModelException(file + ": a truncated HDF5 file (" + size + " bytes of the " + declared
                        + " its superblock declares): copy or download it again");
            }
        }
    }

    private static long signatureOffset(FileChannel channel, long size) throws IOException {
        for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
            ByteBuffer b = read(channel, at, SIGNATURE.length);
            boolean match = true;
            for (byte s : SIGNATURE) {
                match &= b.get() == s;
            }
            if (match) {
                return at;
            }
        }
        return -1;
    }

    /** The file size the superblock declares (base address + end-of-file address), or -1 if cut short. */
    private static long declaredEnd(ByteBuffer sb) {
        if (sb.limit() < 12) {
            return -1;
        }
        int version = sb.get(8);
        int offsets;
        int addresses;
        if (version == 0 || version == 1) {
            offsets = sb.get(13);
            addresses = version == 0 ? 24 : 28;
        } else {
            offsets = sb.get(9);
            addresses = 12;
        }
        if (offsets < 1 || offsets > 8) {
            return -1;
        }
        // base address, then (free-space index | superblock extension), then the end-of-file address
        int eofAt = addresses + 2 * offsets;
        if (sb.limit() < eofAt + offsets) {
            return -1;
        }
        long base = unsigned(sb, addresses, offsets);
        long eof = unsigned(sb, eofAt, offsets);
        return eof == -1 ? 0 : base + eof;
    }

    private static long unsigned(ByteBuffer b, int at, int bytes) {
        long v = 0;
        boolean allOnes = true;
        for (int i = bytes - 1; i >= 0; i--) {
            int octet = b.get(at + i) & 0xFF;
            allOnes &= octet == 0xFF;
            v = v << 8 | octet;
        }
        return allOnes ? -1 : v;
    }

    private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (b.hasRemaining() && n >= 0) {
            n = channel.read(b, at + b.position());
        }
        return b.flip();
    }
}
