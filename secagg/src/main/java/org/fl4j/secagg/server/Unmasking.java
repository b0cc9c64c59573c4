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
 * dropout, expanding the PRGs straight into the accumulator across cores. {@link SecAggServer#finish()} runs it;
 * it is public for benchmarks.
 */
public final class Unmasking {

    private final RoundParameters params;
    private final Map<String, KeyAdvertisement> keys;

    /** @param keys every participant's advertised keys (seed commitment and mask public key are used) */
    public Unmasking(RoundParameters params, Map<String, KeyAdvertisement> keys) {
        this.params = params;
        this.keys = keys;
    }

    /**
     * Removes the masks from {@code sum}: the self masks of {@code survivors}, and the pairwise masks they share
     * with {@code lateDropouts} (who shared keys but sent no input); {@code seedShares} and {@code keyShares} are
     * the revealed shares by owner.
     */
    public void run(int[] sum, Set<String> survivors, Set<String> lateDropouts, Map<String, List<Share>> seedShares,
            Map<String, List<Share>> keyShares, IntKernels kernels, int parallelism) {
        // reconstruction and key agreement per owner, in parallel (the common pool, as the expansion); the first
        // failure in owner order is reported, whatever the threads' timing
        List<String> owners = new ArrayList<>(survivors);
        owners.addAll(lateDropouts);
        List<Object> perOwner = owners.parallelStream().map(v -> {
            try {
                return (Object) (survivors.contains(v) ? selfMask(v, seedShares.get(v))
                        : pairMasks(v, keyShares.get(v), survivors));
            } catch (SecAggException e) {
                return e;
            }
        }).toList();
        List<MaskExpansion.Term> terms = new ArrayList<>();
        for (Object o : perOwner) {
            if (o instanceof SecAggException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<MaskExpansion.Term> t = (List<MaskExpansion.Term>) o;
            terms.addAll(t);
        }
        MaskExpansion.apply(sum, params.maskedLength(), terms, kernels, parallelism);
    }

    private List<MaskExpansion.Term> selfMask(String v, List<Share> shares) {
        byte[] seed = reconstruct(v, shares, "self-mask seed", "the seed it committed to",
                s -> Arrays.equals(SignedData.seedCommitment(params.federationId(), params.round(), v, s),
                        keys.get(v).seedCommitment()));
        MaskExpansion.Term term = new MaskExpansion.Term(MaskKeys.selfMask(seed, params.federationId(), params.round(),
                v), -1);
        Arrays.fill(seed, (byte) 0);
        return List.of(term);
    }

    /**
     * The pairwise masks a late dropout shared with its surviving neighbours: each survivor u added
     * pairSign(u, v) x PRG(s_uv), which comes out again.
     */
    private List<MaskExpansion.Term> pairMasks(String v, List<Share> shares, Set<String> survivors) {
        byte[] maskKey = reconstruct(v, shares, "mask key", "the key it advertised",
                s -> Arrays.equals(X25519.publicKey(s), keys.get(v).maskPublicKey()));
        List<MaskExpansion.Term> terms = new ArrayList<>();
        for (String u : Membership.neighboursIn(params.graph(), v, survivors)) {
            byte[] agreed;
            try {
                agreed = X25519.agree(maskKey, keys.get(u).maskPublicKey());
            } catch (InvalidKeyException e) {
                throw new SecAggException(Kind.BAD_SHARES, "the mask key of '" + u + "' is unusable: "
                        + e.getMessage());
            }
            terms.add(new MaskExpansion.Term(MaskKeys.pairMask(agreed, params.federationId(), params.round(), u, v),
                    -MaskKeys.pairSign(u, v)));
            Arrays.fill(agreed, (byte) 0);
        }
        Arrays.fill(maskKey, (byte) 0);
        return terms;
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
