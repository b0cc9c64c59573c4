package org.fl4j.secagg.client;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.SecAggException.Kind;
import org.fl4j.secagg.SiteIdentity;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.mask.MaskExpansion;
import org.fl4j.secagg.mask.MaskKeys;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.RelayMessage;
import org.fl4j.secagg.message.RevealedShare;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.SignedKeys;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.shamir.Share;
import org.fl4j.secagg.shamir.Shamir;

/**
 * One collaborator's side of one secure-aggregation round: a state machine with one method per stage, each taking
 * what the aggregator relayed and returning what to send. It trusts the aggregator with nothing: every relayed key
 * must carry a valid signature from a certificate of the federation's CA whose CN is the neighbour's name, every
 * share must authenticate, the survivors must be consistent with what it saw and signed by at least t
 * neighbours, and it reveals, per neighbour, the share of the self-mask seed or the share of the mask key, never
 * both. Whatever breaks those rules ends its part in the round ({@link SecAggException}, kind ABORTED, or TOO_FEW
 * when fewer than t neighbours remain) and clears its secrets; the round may still complete without it.
 *
 * <p>Not thread-safe: one round, driven by one thread, stage after stage. Holds no threads and no clock: the
 * caller decides how long to wait for each relay.
 */
public final class SecAggClient implements AutoCloseable {

    private final RoundParameters params;
    private final SiteIdentity me;
    private final PeerTrust trust;
    private final SecureRandom random;
    private final List<String> neighbours;
    private final Map<String, Neighbour> accepted = new LinkedHashMap<>();
    private final Map<String, Received> received = new LinkedHashMap<>();
    private Stage stage = Stage.ADVERTISE_KEYS;
    private X25519.KeyPair cipherKeys;
    private X25519.KeyPair maskKeys;
    private byte[] seed;
    /** Seals this site's shares and opens its neighbours' (from SHARE_KEYS on). */
    private ShareBox box;
    private List<String> survivors;

    private SecAggClient(RoundParameters params, SiteIdentity me, PeerTrust trust, SecureRandom random) {
        this.params = params;
        this.me = me;
        this.trust = trust;
        this.random = random;
        if (!params.graph().contains(me.name())) {
            throw new SecAggException(Kind.ABORTED, "'" + me.name() + "' is not among the round's participants "
                    + params.participants());
        }
        this.neighbours = params.neighbours(me.name());
    }

    /** The client of {@code me} for one round. */
    public static SecAggClient start(RoundParameters params, SiteIdentity me, PeerTrust trust, SecureRandom random) {
        return new SecAggClient(Objects.requireNonNull(params, "params"), Objects.requireNonNull(me, "me"),
                Objects.requireNonNull(trust, "trust"), Objects.requireNonNull(random, "random"));
    }

    public RoundParameters parameters() {
        return params;
    }

    /** The stage whose input this client expects next ({@link Stage#DONE} when its part is over). */
    public Stage stage() {
        return stage;
    }

    /** Stage ADVERTISE_KEYS: makes the round's two key pairs and self-mask seed; returns the signed public keys. */
    public KeyAdvertisement advertiseKeys() {
        expect(Stage.ADVERTISE_KEYS);
        cipherKeys = X25519.generate(random);
        maskKeys = X25519.generate(random);
        seed = new byte[Shamir.SECRET_BYTES];
        random.nextBytes(seed);
        byte[] commitment = SignedData.seedCommitment(params.federationId(), params.round(), me.name(), seed);
        byte[] signed = SignedData.keys(params.federationId(), params.round(), me.name(), params.participantsDigest(),
                cipherKeys.publicKey(), maskKeys.publicKey(), commitment);
        stage = Stage.SHARE_KEYS;
        return new KeyAdvertisement(params.round(), me.name(), cipherKeys.publicKey(), maskKeys.publicKey(),
                commitment, Signatures.sign(me.privateKey(), signed));
    }

    /**
     * Stage SHARE_KEYS: checks the neighbours' relayed keys and returns, for each, the encrypted shares of this
     * collaborator's mask key and self-mask seed.
     */
    public ShareUpload shareKeys(NeighbourKeys relay) {
        return guarded(() -> {
            expect(relay, Stage.SHARE_KEYS);
            KeyCheck check = new KeyCheck(params, me.name(), neighbours, trust);
            for (SignedKeys k : relay.neighbours()) {
                Neighbour v = check.check(k);
                if (accepted.putIfAbsent(v.name(), v) != null) {
                    throw abort("the aggregator relayed the keys of '" + v.name() + "' twice");
                }
            }
            requireThreshold(accepted.size(), "neighbours advertised keys");
            List<String> holders = new ArrayList<>(accepted.keySet());
            int[] xs = holders.stream().mapToInt(params::shareX).toArray();
            List<Share> seedShares = Shamir.split(seed, params.threshold(), xs, random);
            List<Share> keyShares = Shamir.split(maskKeys.privateKey(), params.threshold(), xs, random);
            box = new ShareBox(params, me.name(), cipherKeys.privateKey(), random);
            List<EncryptedShare> out = new ArrayList<>(holders.size());
            for (int i = 0; i < holders.size(); i++) {
                out.add(box.seal(accepted.get(holders.get(i)), seedShares.get(i), keyShares.get(i)));
            }
            stage = Stage.MASKED_INPUT;
            return new ShareUpload(params.round(), out);
        });
    }

    /**
     * Stage MASKED_INPUT: decrypts the shares relayed from the neighbours that shared (U2), and returns this
     * collaborator's masked input of {@code update} (the tensors in model order, d values in all) weighted by
     * {@code sampleCount}, to be streamed in chunks.
     */
    public MaskedUpload maskedInput(SharesRelay relay, float[][] update, long sampleCount) {
        return masked(relay, () -> checkUpdate(update, sampleCount),
                terms -> MaskedUpload.of(params, update, sampleCount, terms, random));
    }

    /**
     * Stage MASKED_INPUT for an update this collaborator already encoded as integers (distributed differential
     * privacy: clipped, scaled, rounded and noised by the caller): the masked input of [encoded_1 ... encoded_d,
     * 1], its weight 1.
     */
    public MaskedUpload maskedInput(SharesRelay relay, int[] encoded) {
        return masked(relay, () -> {
            if (encoded.length != params.dimension()) {
                throw new SecAggException(Kind.REFUSED, "the encoded update has " + encoded.length
                        + " coordinates, the round " + params.dimension());
            }
        }, terms -> MaskedUpload.ofIntegers(params, encoded, terms));
    }

    private MaskedUpload masked(SharesRelay relay, Runnable check,
            java.util.function.Function<List<MaskExpansion.Term>, MaskedUpload> make) {
        return guarded(() -> {
            expect(relay, Stage.MASKED_INPUT);
            check.run();
            for (EncryptedShare s : relay.shares()) {
                String v = s.sender();
                if (!s.receiver().equals(me.name())) {
                    throw abort("the aggregator relayed a share from '" + v + "' addressed to '" + s.receiver() + "'");
                }
                if (!accepted.containsKey(v)) {
                    throw abort("the aggregator relayed a share from '" + v + "', whose keys '" + me.name()
                            + "' never accepted");
                }
                if (received.containsKey(v)) {
                    throw abort("the aggregator relayed two shares from '" + v + "'");
                }
                received.put(v, box.open(accepted.get(v), s));
            }
            requireThreshold(received.size(), "neighbours sent their shares");
            List<MaskExpansion.Term> terms = new ArrayList<>(received.size() + 1);
            terms.add(new MaskExpansion.Term(MaskKeys.selfMask(seed, params.federationId(), params.round(),
                    me.name()), 1));
            for (String v : received.keySet()) {
                byte[] agreed = agree(maskKeys.privateKey(), accepted.get(v).maskPublicKey(), v, "mask");
                terms.add(new MaskExpansion.Term(MaskKeys.pairMask(agreed, params.federationId(), params.round(),
                        me.name(), v), MaskKeys.pairSign(me.name(), v)));
                Arrays.fill(agreed, (byte) 0);
            }
            stage = Stage.CONSISTENCY;
            return make.apply(terms);
        });
    }

    /** Stage CONSISTENCY: checks the survivors (U3) against what this collaborator saw and signs them. */
    public ConsistencySignature consistency(ConsistencyRequest request) {
        return guarded(() -> {
            expect(request, Stage.CONSISTENCY);
            List<String> u3 = request.survivors();
            if (!u3.stream().sorted().distinct().toList().equals(u3)) {
                throw abort("the survivors " + u3 + " are not sorted and distinct");
            }
            if (!u3.contains(me.name())) {
                throw abort("the survivors " + u3 + " do not include '" + me.name() + "', which sent its masked input");
            }
            int surviving = 0;
            for (String v : u3) {
                if (!params.graph().contains(v)) {
                    throw abort("the survivors name '" + v + "', which is not a participant of the round");
                }
                if (neighbours.contains(v)) {
                    if (!received.containsKey(v)) {
                        throw abort("the survivors name neighbour '" + v + "', whose shares never reached '"
                                + me.name() + "': the aggregator's stories disagree");
                    }
                    surviving++;
                }
            }
            requireThreshold(surviving, "neighbours survive");
            survivors = u3;
            stage = Stage.UNMASK;
            return new ConsistencySignature(params.round(), me.name(), Signatures.sign(me.privateKey(),
                    SignedData.consistency(params.federationId(), params.round(), me.name(), u3)));
        });
    }

    /**
     * Stage UNMASK: checks that at least t neighbours signed the same survivors this collaborator signed, then
     * reveals the requested shares: the self-seed share of surviving neighbours, the mask-key share of neighbours
     * that dropped after sharing, never both for one neighbour.
     */
    public UnmaskResponse unmask(UnmaskRequest request) {
        return guarded(() -> {
            expect(request, Stage.UNMASK);
            checkSignatures(request.signatures());
            Set<String> seeds = distinct(request.seedSharesOf(), "self-seed");
            Set<String> keys = distinct(request.keySharesOf(), "mask-key");
            List<RevealedShare> out = new ArrayList<>();
            for (String v : seeds) {
                if (keys.contains(v)) {
                    throw abort("the unmasking request asks for both the self-seed share and the mask-key share of '"
                            + v + "': together they would unmask its input");
                }
                if (!survivors.contains(v) || !received.containsKey(v)) {
                    throw abort("the unmasking request asks for the self-seed share of '" + v + "', which is not a"
                            + " surviving neighbour that shared with '" + me.name() + "'");
                }
                out.add(new RevealedShare(v, RevealedShare.Kind.SELF_SEED, received.get(v).seed().x(),
                        received.get(v).seed().y()));
            }
            for (String v : keys) {
                if (survivors.contains(v)) {
                    throw abort("the unmasking request asks for the mask-key share of '" + v + "', which the"
                            + " survivors '" + me.name() + "' signed include");
                }
                if (!received.containsKey(v)) {
                    throw abort("the unmasking request asks for the mask-key share of '" + v + "', which never shared"
                            + " with '" + me.name() + "'");
                }
                out.add(new RevealedShare(v, RevealedShare.Kind.MASK_KEY, received.get(v).maskKey().x(),
                        received.get(v).maskKey().y()));
            }
            stage = Stage.DONE;
            close();
            return new UnmaskResponse(params.round(), out);
        });
    }

    /** Clears the round's secrets; the client refuses every further stage. */
    @Override
    public void close() {
        stage = Stage.DONE;
        for (byte[] secret : new byte[][] {seed, cipherKeys == null ? null : cipherKeys.privateKey(),
                maskKeys == null ? null : maskKeys.privateKey()}) {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
        received.clear();
        if (box != null) {
            box.close();
        }
    }

    private void checkSignatures(List<ConsistencySignature> signatures) {
        Set<String> valid = new HashSet<>();
        for (ConsistencySignature s : signatures) {
            String v = s.signer();
            if (!neighbours.contains(v) || !survivors.contains(v)) {
                throw abort("the unmasking request carries a consistency signature of '" + v + "', which is not a"
                        + " surviving neighbour of '" + me.name() + "'");
            }
            if (s.round() != params.round()) {
                throw abort("the consistency signature of '" + v + "' is of round " + s.round() + " (a replay)");
            }
            if (!valid.add(v)) {
                throw abort("the unmasking request carries two consistency signatures of '" + v + "'");
            }
            byte[] signed = SignedData.consistency(params.federationId(), params.round(), v, survivors);
            if (!Signatures.verify(accepted.get(v).certificate().getPublicKey(), signed, s.signature())) {
                throw abort("the consistency signature of '" + v + "' is not over the survivors '" + me.name()
                        + "' signed: the aggregator told different collaborators different survivors");
            }
        }
        requireThreshold(valid.size(), "neighbours signed the same survivors");
    }

    static byte[] agree(byte[] privateKey, byte[] publicKey, String neighbour, String which) {
        try {
            return X25519.agree(privateKey, publicKey);
        } catch (InvalidKeyException e) {
            throw abort("the " + which + " key of '" + neighbour + "' is unusable: " + e.getMessage());
        }
    }

    private void checkUpdate(float[][] update, long sampleCount) {
        long total = 0;
        for (float[] t : update) {
            for (int i = 0; i < t.length; i++) {
                if (Float.isNaN(t[i])) {
                    throw new SecAggException(Kind.REFUSED, "the update holds NaN at coordinate " + (total + i)
                            + ": secure aggregation cannot clip or mask it");
                }
            }
            total += t.length;
        }
        if (total != params.dimension()) {
            throw new SecAggException(Kind.REFUSED, "the update has " + total + " coordinates, the round "
                    + params.dimension());
        }
        if (sampleCount < 1) {
            throw new SecAggException(Kind.REFUSED, "the sample count must be at least 1, found " + sampleCount);
        }
    }

    private Set<String> distinct(List<String> names, String what) {
        Set<String> out = new java.util.LinkedHashSet<>(names);
        if (out.size() != names.size()) {
            throw abort("the unmasking request asks for a " + what + " share twice: " + names);
        }
        return out;
    }

    private void requireThreshold(int count, String what) {
        if (count < params.threshold()) {
            throw new SecAggException(Kind.TOO_FEW, "only " + count + " of the " + neighbours.size() + " "
                    + what + " for '" + me.name() + "', fewer than the threshold " + params.threshold()
                    + ": it stops taking part in round " + params.round());
        }
    }

    private void expect(Stage expected) {
        if (stage != expected) {
            throw new SecAggException(Kind.REFUSED, "'" + me.name() + "' is at stage " + stage + " of round "
                    + params.round() + ", not " + expected);
        }
    }

    private void expect(RelayMessage relay, Stage expected) {
        expect(expected);
        if (relay.round() != params.round()) {
            throw abort("the relay for stage " + expected + " is of round " + relay.round() + ", not " + params.round()
                    + " (a replay)");
        }
    }

    static SecAggException abort(String message) {
        return new SecAggException(Kind.ABORTED, message);
    }

    private <T> T guarded(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (SecAggException e) {
            if (e.kind() == Kind.ABORTED || e.kind() == Kind.TOO_FEW) {
                close();
            }
            throw e;
        }
    }
}
