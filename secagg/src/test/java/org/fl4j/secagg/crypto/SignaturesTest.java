package org.fl4j.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signatures made and checked by {@link Signatures} agree with the JDK's own providers (SunEC, SunRsaSign), an
 * implementation independent of Bouncy Castle's, both ways; anything altered fails, also once a key is prepared.
 */
class SignaturesTest {

    private static final byte[] DATA = "round 7 of fed-1: keys of site-a".getBytes(StandardCharsets.UTF_8);
    private static KeyPair ec;
    private static KeyPair otherEc;
    private static KeyPair rsa;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        ec = g.generateKeyPair();
        otherEc = g.generateKeyPair();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(3072);
        rsa = r.generateKeyPair();
    }

    @Test
    void verify_ecSignatureOfTheJdk_isValidEveryTime() throws Exception {
        byte[] signature = jdkSign(ec, "SHA384withECDSA", DATA);

        for (int i = 0; i < 3; i++) {
            assertThat(Signatures.verify(ec.getPublic(), DATA, signature)).isTrue();
        }
    }

    @Test
    void sign_ec_isValidForTheJdk() throws Exception {
        byte[] signature = Signatures.sign(ec.getPrivate(), DATA);

        Signature jdk = Signature.getInstance("SHA384withECDSA", "SunEC");
        jdk.initVerify(ec.getPublic());
        jdk.update(DATA);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void sign_ec_isDeterministicPerKeyAndData() {
        byte[] data = DATA.clone();
        data[0] ^= 1;

        assertThat(Signatures.sign(ec.getPrivate(), DATA)).isEqualTo(Signatures.sign(ec.getPrivate(), DATA));
        assertThat(Signatures.sign(ec.getPrivate(), data)).isNotEqualTo(Signatures.sign(ec.getPrivate(), DATA));
        assertThat(Signatures.sign(otherEc.getPrivate(), DATA)).isNotEqualTo(Signatures.sign(ec.getPrivate(), DATA));
    }

    @Test
    void signAndVerify_ecKeyOfAnotherCurve_agreeWithTheJdk() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = g.generateKeyPair();

        byte[] ours = Signatures.sign(p256.getPrivate(), DATA);
        assertThat(Signatures.verify(p256.getPublic(), DATA, jdkSign(p256, "SHA384withECDSA", DATA))).isTrue();
        assertThat(Signatures.verify(p256.getPublic(), DATA, ours)).isTrue();
        assertThat(Signatures.verify(ec.getPublic(), DATA, ours)).isFalse();
    }

    @Test
    void verify_ecAlteredDataSignatureOrKey_isNotValid() {
        byte[] signature = Signatures.sign(ec.getPrivate(), DATA);
        assertThat(Signatures.verify(ec.getPublic(), DATA, signature)).isTrue();

        byte[] data = DATA.clone();
        data[5] ^= 1;
        assertThat(Signatures.verify(ec.getPublic(), data, signature)).isFalse();
        for (int i : new int[] {8, signature.length / 2, signature.length - 1}) {
            byte[] altered = signature.clone();
            altered[i] ^= 0x10;
            assertThat(Signatures.verify(ec.getPublic(), DATA, altered)).as("byte %d altered", i).isFalse();
        }
        assertThat(Signatures.verify(otherEc.getPublic(), DATA, signature)).isFalse();
    }

    @Test
    void verify_malformedEcSignatures_areNotValid() {
        byte[] signature = Signatures.sign(ec.getPrivate(), DATA);
        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);

        assertThat(Signatures.verify(ec.getPublic(), DATA, new byte[0])).isFalse();
        assertThat(Signatures.verify(ec.getPublic(), DATA, new byte[] {0x30, 0x02, 0x02, 0x00})).isFalse();
        assertThat(Signatures.verify(ec.getPublic(), DATA, trailing)).as("not DER: a trailing byte").isFalse();
        assertThat(Signatures.verify(ec.getPublic(), DATA, Arrays.copyOf(signature, signature.length - 1)))
                .isFalse();
    }

    @Test
    void signAndVerify_rsa_agreeWithTheJdk() throws Exception {
        assertThat(Signatures.verify(rsa.getPublic(), DATA, jdkSign(rsa, "SHA384withRSA", DATA))).isTrue();
        byte[] ours = Signatures.sign(rsa.getPrivate(), DATA);
        Signature jdk = Signature.getInstance("SHA384withRSA");
        jdk.initVerify(rsa.getPublic());
        jdk.update(DATA);
        assertThat(jdk.verify(ours)).isTrue();
        ours[3] ^= 1;
        assertThat(Signatures.verify(rsa.getPublic(), DATA, ours)).isFalse();
    }

    private static byte[] jdkSign(KeyPair keys, String algorithm, byte[] data) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(keys.getPrivate());
        s.update(data);
        return s.sign();
    }
}
