package org.fl4j.privacy.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fast cryptographically secure random stream: the AES-256-CTR keystream (the JDK's cipher, which uses the
 * CPU's AES instructions), keyed and given its starting counter from {@link SecureRandom}, read 64 KiB at a
 * time. After 1 GiB it takes a fresh key and counter from the same SecureRandom, far below the 2^64 blocks
 * after which a CTR keystream becomes distinguishable from random. Not thread-safe: one per thread.
 */
final class AesCtrStream implements RandomGenerator {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long REKEY_BYTES = 1L << 30;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SecureRandom seeds;
    private final byte[] zeros = new byte[BUFFER_BYTES];
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private Cipher cipher;
    private int position = BUFFER_BYTES;
    private long sinceKey;

    /** A stream keyed from {@code seeds}. */
    AesCtrStream(SecureRandom seeds) {
        this.seeds = seeds;
        rekey();
    }

    /** A reproducible stream for tests: this key and counter, never rekeyed from anything random. */
    AesCtrStream(byte[] key, byte[] counter) {
        this.seeds = null;
        init(key, counter);
    }

    private void rekey() {
        byte[] key = new byte[32];
        byte[] counter = new byte[16];
        seeds.nextBytes(key);
        seeds.nextBytes(counter);
        init(key, counter);
    }

    private void init(byte[] key, byte[] counter) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is required of every Java platform", e);
        }
        sinceKey = 0;
        position = BUFFER_BYTES;
    }

    @Override
    public long nextLong() {
        if (position == BUFFER_BYTES) {
            refill();
        }
        long v = (long) LONGS.get(buffer, position);
        position += Long.BYTES;
        return v;
    }

    private void refill() {
        if (seeds != null && sinceKey >= REKEY_BYTES) {
            rekey();
        }
        try {
            cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR keystream failed", e);
        }
        sinceKey += BUFFER_BYTES;
        position = 0;
    }
}
