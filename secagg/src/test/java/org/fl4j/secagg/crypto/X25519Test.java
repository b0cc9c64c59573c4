package org.fl4j.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 7748 sections 5.2 and 6.1. */
class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void agree_rfc7748Section52Vectors_match() throws Exception {
        assertThat(HEX.formatHex(X25519.agree(
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        assertThat(HEX.formatHex(X25519.agree(
                HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void agree_rfc7748Section52Iterated_matchesAfter1And1000() throws Exception {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.agree(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertThat(HEX.formatHex(k))
                        .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void publicKeyAndAgree_rfc7748Section61_aliceAndBobAgree() throws Exception {
        byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

        assertThat(HEX.formatHex(X25519.publicKey(alice)))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(X25519.publicKey(bob)))
                .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.agree(alice, X25519.publicKey(bob)))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.agree(bob, X25519.publicKey(alice)))).isEqualTo(shared);
    }

    @Test
    void agree_smallOrderPoints_areRefused() {
        byte[] k = X25519.generate(new SecureRandom()).privateKey();
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> X25519.agree(k, new byte[32])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> X25519.agree(k, one)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void generate_twoPairs_agreeOnOneSecret() throws Exception {
        SecureRandom random = new SecureRandom();
        X25519.KeyPair a = X25519.generate(random);
        X25519.KeyPair b = X25519.generate(random);

        assertThat(X25519.agree(a.privateKey(), b.publicKey())).isEqualTo(X25519.agree(b.privateKey(), a.publicKey()))
                .isNotEqualTo(new byte[32]);
    }
}
