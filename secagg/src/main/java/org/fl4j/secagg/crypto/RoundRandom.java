package org.fl4j.secagg.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The random source of one collaborator's round: a fresh instance of the JDK's DRBG (NIST SP 800-90A, seeded from
 * the operating system's entropy when made). The JVM's default {@code new SecureRandom()} on Linux is NativePRNG,
 * whose instances share one lock: when many collaborators run in one JVM (simulations, benchmarks) their key
 * generation, Shamir coefficients and nonces queued behind it (seconds a round with 100 sites on 2 cores); a DRBG
 * instance locks only itself.
 */
public final class RoundRandom {

    private RoundRandom() {
    }

    /** A new, independently seeded DRBG; the platform's default source where the JDK has none. */
    public static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
