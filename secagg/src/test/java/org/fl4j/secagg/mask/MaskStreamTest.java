package org.fl4j.secagg.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MaskStreamTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt: the keystream (ciphertext XOR plaintext) of its key and initial
     * counter, whose blocks carry from byte 15 into byte 14 (...fdfeff, ...fdff00, ...), read as our mask elements.
     */
    @Test
    void apply_sp80038aCtrAes256_givesItsKeystream() {
        byte[] key = HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] counter = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] plain = HEX.parseHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        byte[] cipher = HEX.parseHex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                + "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
        byte[] keystream = new byte[64];
        for (int i = 0; i < 64; i++) {
            keystream[i] = (byte) (plain[i] ^ cipher[i]);
        }
        int[] expected = new int[16];
        ByteBuffer.wrap(keystream).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(expected);

        int[] acc = new int[16];
        new MaskStream(key, counter).apply(acc, 0, 16, 1, MaskKernels.scalar());
        assertThat(acc).containsExactly(expected);

        MaskStream seeking = new MaskStream(key, counter);
        seeking.seek(5);
        int[] tail = new int[11];
        seeking.apply(tail, 0, 11, 1, MaskKernels.get());
        assertThat(tail).containsExactly(java.util.Arrays.copyOfRange(expected, 5, 16));
    }

    /** Key derivation and PRG end to end, against Python's hmac/hashlib and `openssl enc -aes-256-ctr`. */
    @Test
    void selfAndPairMasks_knownAnswers_matchAnIndependentImplementation() {
        byte[] seed = new byte[32];
        byte[] agreed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (i + 1);
            agreed[i] = (byte) (i + 100);
        }
        byte[] self = MaskKeys.selfMask(seed, "fl4j-0123456789abcdef", 7, "site-1");
        byte[] pair = MaskKeys.pairMask(agreed, "fl4j-0123456789abcdef", 7, "site-2", "site-1");

        assertThat(HEX.formatHex(self)).isEqualTo("a0feb59980dba41fe8a9e55649e4464a1c63057e457a3694ebb9c62be067db1e");
        assertThat(HEX.formatHex(pair)).isEqualTo("440e8934fe4ff1ab23575236c8904fe4f34d8534581f97a7fa6459e0b19c4162");
        int[] acc = new int[16];
        new MaskStream(self).apply(acc, 0, 16, 1, MaskKernels.get());
        assertThat(acc).containsExactly(931385108, 1539941755, 938589772, 845063637, -1154658790, 1935412578,
                -162345603, -1465050962, -1461517678, -1759484640, 579036664, 1107501873, -13981914, 1240166140,
                -1135433947, 508754278);
        int[] minus = new int[8];
        new MaskStream(pair).apply(minus, 0, 8, -1, MaskKernels.get());
        assertThat(minus).containsExactly(-138594504, 481380705, 1443501376, 140814807, -1138107855, 2045315919,
                -1352478304, -2103392914);
    }

    @Test
    void seek_anyElement_continuesTheSameStream() {
        byte[] key = new byte[32];
        key[3] = 42;
        int length = 3 * MaskStream.CHUNK_ELEMENTS + 13;
        int[] whole = new int[length];
        new MaskStream(key).apply(whole, 0, length, 1, MaskKernels.scalar());
        for (int start : new int[] {1, 2, 3, 4, 4095, 4096, 4099, 9000}) {
            MaskStream s = new MaskStream(key);
            s.seek(start);
            int[] part = new int[length - start];
            s.apply(part, 0, part.length, 1, MaskKernels.scalar());
            assertThat(part).as("from %s", start).containsExactly(java.util.Arrays.copyOfRange(whole, start, length));
        }
    }

    @Test
    void apply_addThenSubtract_cancels() {
        byte[] key = new byte[32];
        int[] acc = {5, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
        int[] copy = acc.clone();
        new MaskStream(key).apply(acc, 0, 5, 1, MaskKernels.get());
        assertThat(acc).isNotEqualTo(copy);
        new MaskStream(key).apply(acc, 0, 5, -1, MaskKernels.get());
        assertThat(acc).containsExactly(copy);
    }

    @Test
    void pairMask_eitherOrder_sameKeyOppositeSigns() {
        byte[] agreed = new byte[32];
        assertThat(MaskKeys.pairMask(agreed, "f", 1, "a", "b")).isEqualTo(MaskKeys.pairMask(agreed, "f", 1, "b", "a"))
                .isNotEqualTo(MaskKeys.pairMask(agreed, "f", 2, "a", "b"));
        assertThat(MaskKeys.pairSign("a", "b")).isEqualTo(1);
        assertThat(MaskKeys.pairSign("b", "a")).isEqualTo(-1);
    }
}
