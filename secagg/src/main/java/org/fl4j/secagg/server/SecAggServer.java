package org.fl4j.secagg.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.SecAggException.Kind;
import org.fl4j.secagg.SecAggResult;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.mask.IntKernels;
import org.fl4j.secagg.mask.MaskExpansion;
import org.fl4j.secagg.mask.MaskKernels;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.SignedKeys;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.quantize.Dequantiser;

/**
 * The aggregator's side of one secure-aggregation round: for each stage, {@code accept...} takes one
 * collaborator's message (checked: round, stage, sender, and for keys and consistency signatures the certificate
 * and signature too, so a bad message is refused here rather than made every neighbour abort), {@code all...Arrived}
 * says whether every expected collaborator has answered, and {@code close...} ends the stage and returns what to
 * relay to each collaborator still taking part (those missing from the map are out of the round: tell them so),
 * or throws {@link SecAggException} (TOO_FEW) when too few remain for the threshold; the round then keeps its
 * model. When to close a stage (everyone answered, a timeout, a straggler policy) is the caller's decision:
 * this class holds no clock and no threads, except that {@link #finish()} expands masks in the common fork-join
 * pool.
 *
 * <p>Thread-safe: messages of many collaborators may arrive at once. The masked inputs stream through
 * {@link MaskedInputSink}s, each staged and folded into an int accumulator mod 2^32 at commit. Memory: the
 * accumulator (4 bytes per coordinate) plus one staging buffer per upload open at the same time.
 */
public final class SecAggServer {

    private final Object lock = new Object();
    private final RoundParameters params;
    private final PeerTrust trust;
    private final IntKernels kernels;
    private final int parallelism;
    private final Map<String, SignedKeys> keys = new TreeMap<>();
    private final Map<String, ShareUpload> shares = new TreeMap<>();
    private final Map<String, ConsistencySignature> signatures = new TreeMap<>();
    private final UnmaskStage unmask;
    private Stage stage = Stage.ADVERTISE_KEYS;
    private Set<String> u1 = Set.of();
    private Set<String> u2 = Set.of();
    private Set<String> u3 = Set.of();
    private InputStage input;

    private SecAggServer(RoundParameters params, PeerTrust trust, int parallelism) {
        this.params = params;
        this.trust = trust;
        this.kernels = MaskKernels.get();
        this.parallelism = parallelism;
        this.unmask = new UnmaskStage(params);
    }

    /** The server of one round; unmasking uses every core. */
    public static SecAggServer start(RoundParameters params, PeerTrust trust) {
        return start(params, trust, MaskExpansion.defaultParallelism());
    }

    /** The server of one round; unmasking splits the masks' expansion into {@code parallelism} parts. */
    public static SecAggServer start(RoundParameters params, PeerTrust trust, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, found " + parallelism);
        }
        return new SecAggServer(Objects.requireNonNull(params, "params"), Objects.requireNonNull(trust, "trust"),
                parallelism);
    }

    public RoundParameters parameters() {
        return params;
    }

    /** The open stage. */
    public Stage stage() {
        synchronized (lock) {
            return stage;
        }
    }

    /**
     * Stage ADVERTISE_KEYS: takes {@code sender}'s keys with the certificate (DER) of its TLS session.
     *
     * @throws SecAggException (REFUSED) naming what was wrong; nothing changes
     */
    public void acceptKeys(String sender, byte[] certificateDer, KeyAdvertisement keysMessage) {
        synchronized (lock) {
            check(sender, Stage.ADVERTISE_KEYS, keysMessage.round(), params.participants().contains(sender));
            if (keys.containsKey(sender)) {
                throw refused(sender, "it already advertised its keys this round");
            }
            SetupChecks.keys(params, trust, sender, certificateDer, keysMessage);
            keys.put(sender, new SignedKeys(keysMessage, certificateDer));
        }
    }

    public boolean allKeysArrived() {
        synchronized (lock) {
            return keys.keySet().containsAll(params.participants());
        }
    }

    /**
     * Ends stage ADVERTISE_KEYS: U1 is who advertised, less those with fewer than t neighbours in it. Returns, for
     * each member of U1, its neighbours' signed keys.
     */
    public Map<String, NeighbourKeys> closeKeys() {
        synchronized (lock) {
            expect(Stage.ADVERTISE_KEYS);
            u1 = prune(keys.keySet(), "advertised keys");
            Map<String, NeighbourKeys> relay = new LinkedHashMap<>();
            for (String u : u1) {
                List<SignedKeys> theirs = new ArrayList<>();
                for (String v : Membership.neighboursIn(params.graph(), u, u1)) {
                    theirs.add(keys.get(v));
                }
                relay.put(u, new NeighbourKeys(params.round(), theirs));
            }
            stage = Stage.SHARE_KEYS;
            return relay;
        }
    }

    /** Stage SHARE_KEYS: takes {@code sender}'s encrypted shares, one for each neighbour in U1. */
    public void acceptShares(String sender, ShareUpload upload) {
        synchronized (lock) {
            check(sender, Stage.SHARE_KEYS, upload.round(), u1.contains(sender));
            if (shares.containsKey(sender)) {
                throw refused(sender, "it already sent its shares this round");
            }
            SetupChecks.shares(params, u1, sender, upload);
            shares.put(sender, upload);
        }
    }

    public boolean allSharesArrived() {
        synchronized (lock) {
            return shares.keySet().containsAll(u1);
        }
    }

    /**
     * Ends stage SHARE_KEYS: U2 is who sent shares, less those left with fewer than t share holders in it.
     * Returns, for each member of U2, the shares addressed to it by its neighbours in U2.
     */
    public Map<String, SharesRelay> closeShares() {
        synchronized (lock) {
            expect(Stage.SHARE_KEYS);
            u2 = prune(shares.keySet(), "sent their shares");
            Map<String, SharesRelay> relay = SetupChecks.sharesRelay(params.round(), u2, shares);
            input = new InputStage(lock, params.maskedLength(), kernels);
            stage = Stage.MASKED_INPUT;
            return relay;
        }
    }

    /**
     * Stage MASKED_INPUT: starts receiving {@code sender}'s masked input.
     *
     * @throws SecAggException (REFUSED) for a wrong round, a sender outside U2, a second upload, or a length
     *                         other than d + 1
     */
    public MaskedInputSink openMaskedInput(String sender, MaskedInputHeader header) {
        synchronized (lock) {
            check(sender, Stage.MASKED_INPUT, header.round(), u2.contains(sender));
            if (header.elements() != params.maskedLength()) {
                throw refused(sender, "its masked input has " + header.elements() + " elements, the round takes "
                        + params.maskedLength() + " (" + params.dimension() + " coordinates and the weight)");
            }
            return input.open(sender);
        }
    }

    public boolean allMaskedInputsArrived() {
        synchronized (lock) {
            return stage == Stage.MASKED_INPUT && u2.stream().allMatch(input::received);
        }
    }

    /**
     * Ends stage MASKED_INPUT (uploads still open are refused): U3 is whose input was folded in. Every member of
     * U2 needs t neighbours in U3 to have its masks removed. Returns the survivors for each member of U3 to sign.
     */
    public Map<String, ConsistencyRequest> closeMaskedInputs() {
        synchronized (lock) {
            expect(Stage.MASKED_INPUT);
            u3 = new TreeSet<>(input.close());
            requireHolders(u3, "survive");
            Map<String, ConsistencyRequest> relay = new LinkedHashMap<>();
            List<String> survivors = List.copyOf(u3);
            for (String u : u3) {
                relay.put(u, new ConsistencyRequest(params.round(), survivors));
            }
            stage = Stage.CONSISTENCY;
            return relay;
        }
    }

    /** Stage CONSISTENCY: takes {@code sender}'s signature over the survivors (checked with its certificate). */
    public void acceptConsistency(String sender, ConsistencySignature signature) {
        synchronized (lock) {
            check(sender, Stage.CONSISTENCY, signature.round(), u3.contains(sender));
            if (!signature.signer().equals(sender)) {
                throw refused(sender, "it sent a signature marked as from '" + signature.signer() + "'");
            }
            if (signatures.containsKey(sender)) {
                throw refused(sender, "it already signed the survivors");
            }
            byte[] signed = SignedData.consistency(params.federationId(), params.round(), sender, List.copyOf(u3));
            var certificate = trust.collaborator(keys.get(sender).certificate(), sender);
            if (!Signatures.verify(certificate.getPublicKey(), signed, signature.signature())) {
                throw refused(sender, "its signature is not over this round's survivors");
            }
            signatures.put(sender, signature);
        }
    }

    public boolean allConsistencyArrived() {
        synchronized (lock) {
            return signatures.keySet().containsAll(u3);
        }
    }

    /**
     * Ends stage CONSISTENCY: U4 is who signed; a member of U4 with t neighbours in U4 will reveal shares. Returns
     * for each of those its neighbours' signatures and which share to reveal for which neighbour.
     */
    public Map<String, UnmaskRequest> closeConsistency() {
        synchronized (lock) {
            expect(Stage.CONSISTENCY);
            Set<String> u4 = signatures.keySet();
            Set<String> willing = new TreeSet<>();
            for (String u : u4) {
                if (Membership.neighboursIn(params.graph(), u, u4).size() >= params.threshold()) {
                    willing.add(u);
                }
            }
            requireHolders(willing, "signed the survivors");
            Map<String, UnmaskRequest> relay = new LinkedHashMap<>();
            for (String u : willing) {
                List<ConsistencySignature> theirs = new ArrayList<>();
                List<String> seeds = new ArrayList<>();
                List<String> maskKeys = new ArrayList<>();
                for (String v : params.neighbours(u)) {
                    if (u4.contains(v)) {
                        theirs.add(signatures.get(v));
                    }
                    if (u3.contains(v)) {
                        seeds.add(v);
                    } else if (u2.contains(v)) {
                        maskKeys.add(v);
                    }
                }
                relay.put(u, new UnmaskRequest(params.round(), theirs, seeds, maskKeys));
            }
            unmask.expect(relay);
            stage = Stage.UNMASK;
            return relay;
        }
    }

    /** Stage UNMASK: takes the shares {@code sender} reveals, which must be exactly those it was asked for. */
    public void acceptUnmask(String sender, UnmaskResponse response) {
        synchronized (lock) {
            check(sender, Stage.UNMASK, response.round(), unmask.asked(sender));
            unmask.accept(sender, response);
        }
    }

    public boolean allUnmaskArrived() {
        synchronized (lock) {
            return stage == Stage.UNMASK && unmask.allArrived();
        }
    }

    /**
     * Ends the round: reconstructs the secrets from the revealed shares, removes the masks and dequantises.
     *
     * @throws SecAggException TOO_FEW when a secret has fewer than t shares, BAD_SHARES when shares do not
     *                         reconstruct what their owner committed to
     */
    public SecAggResult finish() {
        synchronized (lock) {
            expect(Stage.UNMASK);
            long start = System.nanoTime();
            Set<String> late = new TreeSet<>(u2);
            late.removeAll(u3);
            Map<String, KeyAdvertisement> advertised = new HashMap<>();
            keys.forEach((name, signed) -> advertised.put(name, signed.keys()));
            int[] sum = input.sum();
            new Unmasking(params, advertised).run(sum, u3, late, unmask.seedShares(), unmask.keyShares(), kernels,
                    parallelism);
            float[] average = Dequantiser.average(sum, params.dimension(),
                    params.quantisation());
            List<String> dropped = new ArrayList<>(params.participants());
            dropped.removeAll(u3);
            stage = Stage.DONE;
            return new SecAggResult(average, sum[params.dimension()], List.copyOf(u3), dropped,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Set<String> prune(Set<String> arrived, String what) {
        Set<String> kept = Membership.prune(params.graph(), arrived, params.threshold());
        if (kept.size() < 2) {
            throw new SecAggException(Kind.TOO_FEW, "round " + params.round() + " cannot go on: " + arrived.size()
                    + " of " + params.participants().size() + " participants " + what + ", and " + kept.size()
                    + " of them have the threshold of " + params.threshold() + " neighbours among them");
        }
        return kept;
    }

    /** Every member of U2 needs t neighbours in {@code holders} to reveal its shares. */
    private void requireHolders(Set<String> holders, String what) {
        for (String v : u2) {
            int have = Membership.neighboursIn(params.graph(), v, holders).size();
            if (have < params.threshold()) {
                throw new SecAggException(Kind.TOO_FEW, "round " + params.round() + " cannot be unmasked: only "
                        + have + " neighbours of '" + v + "' " + what + ", " + params.threshold()
                        + " must reveal its shares (" + holders.size() + " of " + params.participants().size()
                        + " participants " + what + ")");
            }
        }
    }

    private void check(String sender, Stage expected, long round, boolean member) {
        if (round != params.round()) {
            throw refused(sender, "its " + expected + " message is of round " + round + ", the round is "
                    + params.round() + " (a replay)");
        }
        if (stage != expected) {
            throw refused(sender, "its message is for stage " + expected + ", the round is at stage " + stage);
        }
        if (!member) {
            throw refused(sender, "it does not take part in stage " + expected + " of round " + params.round());
        }
    }

    private void expect(Stage expected) {
        if (stage != expected) {
            throw new IllegalStateException("stage " + expected + " is not open; the round is at stage " + stage);
        }
    }

    private static SecAggException refused(String sender, String why) {
        return SetupChecks.refused(sender, why);
    }
}
