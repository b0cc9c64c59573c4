package org.fl4j.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class ShareCipherTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final byte[] aad = SignedData.shareAad("fl4j-0123456789abcdef", 3, "a", "b");

    @Test
    void sealOpen_roundTrip_givesThePlaintext() throws Exception {
        random.nextBytes(key);
        byte[] nonce = new byte[ShareCipher.NONCE_BYTES];
        byte[] c = ShareCipher.seal(key, nonce, aad, "eighty bytes of shares".getBytes(), random);

        assertThat(c).hasSize(22 + ShareCipher.TAG_BYTES);
        assertThat(new String(ShareCipher.open(key, nonce, aad, c))).isEqualTo("eighty bytes of shares");
    }

    @Test
    void open_flippedBitOrOtherAadOrKey_isRefused() {
        random.nextBytes(key);
        byte[] nonce = new byte[ShareCipher.NONCE_BYTES];
        byte[] c = ShareCipher.seal(key, nonce, aad, new byte[80], random);
        byte[] flipped = c.clone();
        flipped[5] ^= 1;
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;

        assertThatThrownBy(() -> ShareCipher.open(key, nonce, aad, flipped)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> ShareCipher.open(key, nonce, SignedData.shareAad("fl4j-0123456789abcdef", 4, "a", "b"),
                c)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> ShareCipher.open(key, nonce, SignedData.shareAad("fl4j-0123456789abcdef", 3, "b", "a"),
                c)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> ShareCipher.open(otherKey, nonce, aad, c)).isInstanceOf(AEADBadTagException.class);
    }
}
