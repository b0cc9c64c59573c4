package org.fl4j.secagg.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from input keying material, expand it. */
public final class Hkdf {

    /** Bytes of an HMAC-SHA256 output. */
    public static final int HASH_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    /** HKDF-Extract: HMAC(salt, ikm); an empty salt stands for 32 zero bytes, as the RFC says. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
    }

    /** HKDF-Expand: {@code length} bytes (at most 255 x 32) from {@code prk} and {@code info}. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF can expand to at most " + 255 * HASH_BYTES + " bytes, asked "
                    + length);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(prk, HMAC));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            for (int done = 0, counter = 1; done < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Extract (empty salt) then expand: a {@code length}-byte key from secret {@code ikm} for purpose {@code info}. */
    public static byte[] derive(byte[] ikm, byte[] info, int length) {
        return expand(extract(new byte[0], ikm), info, length);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
