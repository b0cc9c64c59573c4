package org.fl4j.secagg.server;

import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Comparator;
import java.util.function.Predicate;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.SecAggException.Kind;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.mask.IntKernels;
import org.fl4j.secagg.mask.MaskExpansion;
import org.fl4j.secagg.mask.MaskKeys;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.shamir.Share;
import org.fl4j.secagg.shamir.Shamir;

/**
 * The end of a round on the server: reconstructs each survivor's self-mask seed and each late dropout's mask key
 * from at least t revealed shares, checks each against what its owner committed to (the seed commitment, the mask
 * public key), and removes from the sum every self mask and every pairwise mask a survivor shared with a late
 * dropout, expanding the PRGs straight into the accumulator across cores.
 */
final class Unmasking {

    private final RoundParameters params;
    private final Map<String, KeyAdvertisement> keys;

    Unmasking(RoundParameters params, Map<String, KeyAdvertisement> keys) {
        this.params = params;
        this.keys = keys;
    }

    /** Removes the masks from {@code sum}; {@code seedShares} and {@code keyShares} are by owner. */
    void run(int[] sum, Set<String> survivors, Set<String> lateDropouts, Map<String, List<Share>> seedShares,
            Map<String, List<Share>> keyShares, IntKernels kernels, int parallelism) {
        List<MaskExpansion.Term> terms = new ArrayList<>();
        for (String v : survivors) {
            byte[] seed = reconstruct(v, seedShares.get(v), "self-mask seed", "the seed it committed to",
                    s -> Arrays.equals(SignedData.seedCommitment(params.federationId(), params.round(), v, s),
                            keys.get(v).seedCommitment()));
            terms.add(new MaskExpansion.Term(MaskKeys.selfMask(seed, params.federationId(), params.round(), v), -1));
            Arrays.fill(seed, (byte) 0);
        }
        for (String v : lateDropouts) {
            byte[] maskKey = reconstruct(v, keyShares.get(v), "mask key", "the key it advertised",
                    s -> Arrays.equals(X25519.publicKey(s), keys.get(v).maskPublicKey()));
            for (String u : Membership.neighboursIn(params.graph(), v, survivors)) {
                byte[] agreed;
                try {
                    agreed = X25519.agree(maskKey, keys.get(u).maskPublicKey());
                } catch (InvalidKeyException e) {
                    throw new SecAggException(Kind.BAD_SHARES, "the mask key of '" + u + "' is unusable: " + e.getMessage());
                }
                // u added pairSign(u, v) x PRG(s_uv); take it out
                terms.add(new MaskExpansion.Term(MaskKeys.pairMask(agreed, params.federationId(), params.round(), u, v),
                        -MaskKeys.pairSign(u, v)));
                Arrays.fill(agreed, (byte) 0);
            }
            Arrays.fill(maskKey, (byte) 0);
        }
        MaskExpansion.apply(sum, params.maskedLength(), terms, kernels, parallelism);
    }

    /**
     * The secret from the revealed shares, checked by {@code valid}; when the first t shares fail the check and
     * more were revealed, each share is left out in turn, so one wrong share among them does not stop the round.
     */
    private byte[] reconstruct(String owner, List<Share> shares, String what, String committed,
            Predicate<byte[]> valid) {
        int t = params.threshold();
        int have = shares == null ? 0 : shares.size();
        if (have < t) {
            throw new SecAggException(Kind.TOO_FEW, "only " + have + " shares of the " + what + " of '" + owner
                    + "' were revealed, " + t + " are needed: the round cannot be unmasked");
        }
        List<Share> sorted = shares.stream().sorted(Comparator.comparingInt(Share::x)).toList();
        for (int skip = -1; skip < (have > t ? Math.min(have, t + 1) : 0); skip++) {
            List<Share> use = new ArrayList<>(sorted);
            if (skip >= 0) {
                use.remove(skip);
            }
            try {
                byte[] secret = Shamir.reconstruct(use, t);
                if (valid.test(secret)) {
                    return secret;
                }
                Arrays.fill(secret, (byte) 0);
            } catch (IllegalArgumentException e) {
                // not from one sharing: try without another share
            }
        }
        throw new SecAggException(Kind.BAD_SHARES, "the " + have + " revealed shares of the " + what + " of '" + owner
                + "' do not reconstruct " + committed + ": neighbours revealed wrong shares");
    }
}
