package org.fl4j.secagg.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShamirTest {

    private static final long[][] KNOWN = {
        {1152922612759005422L, 1154900664360046583L, 1156878715961087744L, 1158856767562128905L, 1152921505078518287L},
        {1108152159448L, 1979159753200613L, 3957211354241778L, 5935262955282943L, 471672329L},
        {1152922612759007426L, 1154900664360048597L, 1156878715961089768L, 1158856767562130939L, 1152921505078520331L},
        {1108152161454L, 1979159753202633L, 3957211354243812L, 5935262955284991L, 471674391L},
        {1152922612759009434L, 1154900664360050623L, 1156878715961091812L, 1158856767562133001L, 1152921505078522411L},
    };

    private final SecureRandom random = new SecureRandom();

    /**
     * Shares computed independently (Python) of bytes 0..31 with limb polynomials s + (1000 + l) x + (2^60 + l) x^2.
     */
    @Test
    void reconstruct_knownAnswerShares_giveTheSecret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) i;
        }
        List<Share> shares = new ArrayList<>();
        for (int x = 1; x <= 5; x++) {
            shares.add(new Share(x, KNOWN[x - 1]));
        }

        assertThat(Shamir.limbs(secret)).containsExactly(0x10203040506L, 0x708090a0b0c0dL, 0xe0f1011121314L,
                0x15161718191a1bL, 0x1c1d1e1fL);
        assertThat(Shamir.reconstruct(shares.subList(0, 3), 3)).isEqualTo(secret);
        assertThat(Shamir.reconstruct(List.of(shares.get(4), shares.get(1), shares.get(3)), 3)).isEqualTo(secret);
        long[] c = {Shamir.limbs(secret)[2], 1002, (1L << 60) + 2};
        assertThat(Shamir.evaluate(c, 4)).isEqualTo(KNOWN[3][2]);
    }

    @Test
    void splitReconstruct_everySubsetOfT_givesTheSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        int[] xs = {3, 7, 8, 12, 40, 41, 99};
        List<Share> shares = Shamir.split(secret, 4, xs, random);
        for (int mask = 0; mask < 1 << xs.length; mask++) {
            if (Integer.bitCount(mask) != 4) {
                continue;
            }
            List<Share> subset = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(shares.get(i));
                }
            }
            Collections.shuffle(subset);
            assertThat(Shamir.reconstruct(subset, 4)).as("subset %s", mask).isEqualTo(secret);
        }
    }

    @Test
    void reconstruct_fewerThanT_isRefused() {
        List<Share> shares = Shamir.split(new byte[32], 3, new int[] {1, 2, 3}, random);

        assertThatThrownBy(() -> Shamir.reconstruct(shares.subList(0, 2), 3))
                .hasMessage("2 shares cannot reconstruct a secret shared with threshold 3");
    }

    @Test
    void reconstruct_tMinusOneSharesAsIfThresholdWereLower_giveGarbage() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        List<Share> shares = Shamir.split(secret, 5, new int[] {1, 2, 3, 4, 5, 6}, random);
        // the degree-3 interpolation of 4 points of a degree-4 polynomial: limbs spread over the whole field, so
        // a 256-bit secret (every limb below 2^56) comes out with probability about 2^-25 per attempt
        int refused = 0;
        for (int start = 0; start < 3; start++) {
            try {
                assertThat(Shamir.reconstruct(shares.subList(start, start + 4), 4)).isNotEqualTo(secret);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining("do not all come from one sharing");
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(2);
    }

    @Test
    void reconstruct_alteredShare_isRefusedOrWrong() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        List<Share> shares = new ArrayList<>(Shamir.split(secret, 3, new int[] {1, 2, 3}, random));
        long[] limbs = shares.get(1).limbs();
        limbs[0] = Field61.add(limbs[0], 1);
        shares.set(1, new Share(2, limbs));

        try {
            assertThat(Shamir.reconstruct(shares, 3)).isNotEqualTo(secret);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("do not all come from one sharing");
        }
    }

    @Test
    void split_repeatedPointsOrBadThreshold_areRefused() {
        assertThatThrownBy(() -> Shamir.split(new byte[32], 2, new int[] {1, 1}, random)).hasMessageContaining("twice");
        assertThatThrownBy(() -> Shamir.split(new byte[32], 3, new int[] {1, 2}, random))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> Shamir.split(new byte[31], 1, new int[] {1}, random)).hasMessageContaining("32 bytes");
    }

    @Test
    void share_encoding_roundTripsAndRefusesOutOfField() {
        Share s = new Share(9, KNOWN[0]);
        assertThat(Share.of(9, s.y())).isEqualTo(s);
        byte[] y = s.y();
        for (int i = 0; i < 8; i++) {
            y[i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> Share.of(9, y)).hasMessageContaining("limb must be in");
    }

    @Test
    void field61_mulInverse_matchBigInteger() {
        assertThat(Field61.mul(1312494765889401333L, 1849897281939139295L)).isEqualTo(1784710811120325484L);
        assertThat(Field61.mul(1754659928281503099L, 1088923384270674083L)).isEqualTo(2259127242747018605L);
        Random r = new Random(7);
        BigInteger p = BigInteger.valueOf(Field61.P);
        for (int i = 0; i < 10_000; i++) {
            long a = (r.nextLong() >>> 3) % Field61.P;
            long b = i == 0 ? Field61.P - 1 : (r.nextLong() >>> 3) % Field61.P;
            assertThat(Field61.mul(a, b)).isEqualTo(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(p)
                    .longValueExact());
            if (a != 0) {
                assertThat(Field61.mul(a, Field61.inverse(a))).isEqualTo(1);
            }
        }
    }
}
