package org.fl4j.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RoundRandomTest {

    @Test
    void create_isTheJdksDrbgAndEachInstanceDrawsItsOwnBytes() {
        SecureRandom a = RoundRandom.create();
        SecureRandom b = RoundRandom.create();
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        a.nextBytes(x);
        b.nextBytes(y);

        assertThat(a.getAlgorithm()).isEqualTo("DRBG");
        assertThat(a).isNotSameAs(b);
        assertThat(x).isNotEqualTo(y).isNotEqualTo(new byte[32]);
    }
}
