package org.fl4j.secagg.mask;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudorandom generator of masks: the AES-256-CTR keystream of a 32-byte key (the JDK cipher, which uses
 * AES-NI), counter blocks starting at 0 and counting as 128-bit big-endian integers, read as little-endian int32
 * values: mask element e is keystream bytes [4e, 4e + 4). A stream is positioned at an element and then produces
 * the following elements in chunks of any size, so no party holds more than a chunk of a mask. Not thread-safe.
 */
public final class MaskStream {

    /** Elements generated per cipher call. */
    public static final int CHUNK_ELEMENTS = 4096;
    private static final int BLOCK = 16;
    private static final byte[] ZEROS = new byte[CHUNK_ELEMENTS * 4];

    private final Cipher cipher;
    private final BigInteger firstCounter;
    private final byte[] keystream = new byte[CHUNK_ELEMENTS * 4];
    private SecretKeySpec key;

    /** A stream of {@code key} positioned at element 0. */
    public MaskStream(byte[] key) {
        this(key, new byte[BLOCK]);
    }

    /** A stream whose counter starts at {@code initialCounter} (16 bytes) instead of 0: known-answer tests only. */
    MaskStream(byte[] key, byte[] initialCounter) {
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is required of every Java platform", e);
        }
        this.firstCounter = new BigInteger(1, initialCounter);
        rekey(key);
    }

    /** Switches to another key, positioned at element 0 (reuses the cipher object). */
    public void rekey(byte[] newKey) {
        reset(newKey, 0);
    }

    /** Switches to another key, positioned at {@code element}. */
    public void reset(byte[] newKey, long element) {
        if (newKey.length != 32) {
            throw new IllegalArgumentException("a mask key has 32 bytes, found " + newKey.length);
        }
        this.key = new SecretKeySpec(newKey, "AES");
        seek(element);
    }

    /** Positions the stream at {@code element}. */
    public void seek(long element) {
        long block = element >>> 2;
        byte[] iv = counterBlock(firstCounter.add(BigInteger.valueOf(block)));
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot position AES/CTR: " + e.getMessage(), e);
        }
        int skip = (int) (element & 3) * 4;
        if (skip > 0) {
            next(keystream, skip);
        }
    }

    /** Adds ({@code sign} 1) or subtracts ({@code sign} -1) the next {@code count} elements into {@code acc}. */
    public void apply(int[] acc, int accFrom, int count, int sign, IntKernels kernels) {
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK_ELEMENTS, count - done);
            next(keystream, n * 4);
            if (sign > 0) {
                kernels.addLittleEndian(acc, accFrom + done, keystream, 0, n);
            } else {
                kernels.subtractLittleEndian(acc, accFrom + done, keystream, 0, n);
            }
            done += n;
        }
    }

    /** The next {@code bytes} keystream bytes into {@code out} (at most {@link #CHUNK_ELEMENTS} x 4 a call). */
    public void next(byte[] out, int bytes) {
        try {
            cipher.update(ZEROS, 0, bytes, out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("keystream buffer of " + out.length + " bytes for " + bytes, e);
        }
    }

    private static byte[] counterBlock(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK && i < raw.length; i++) {
            block[BLOCK - 1 - i] = raw[raw.length - 1 - i];
        }
        return block;
    }
}
